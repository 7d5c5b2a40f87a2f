// Helpers shared by the tests of entity reads and of the query compiler.
import type { SqlExecutor, Store } from '../../store/index.js';
import { indexRows } from '../query/index.js';
import type { StoredEntity } from './model.js';

/** An entity row with its type and value index rows, written in `tx` as plain SQL. */
export async function insertIndexed(
  store: Store,
  tx: SqlExecutor,
  tenant: string,
  entity: StoredEntity,
): Promise<void> {
  const row = await tx.get<{ pk: number }>(
    `INSERT INTO entities (tenant, id, doc, created_at, modified_at) VALUES (?, ?, ${store.dialect.jsonParam()}, ?, ?) RETURNING pk`,
    [tenant, entity.id, JSON.stringify(entity), entity.createdAt, entity.modifiedAt],
  );
  const pk = Number(row!.pk);
  for (const type of entity.types)
    await tx.run('INSERT INTO entity_types (tenant, type, pk) VALUES (?, ?, ?)', [tenant, type, pk]);
  for (const r of indexRows(entity)) {
    await tx.run('INSERT INTO attr_values (pk, path, str, num) VALUES (?, ?, ?, ?)', [
      pk,
      r.path,
      r.str,
      r.num,
    ]);
  }
}
