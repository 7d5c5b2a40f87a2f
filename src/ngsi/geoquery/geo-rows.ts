// The write side of the spatial index: which shapes an entity contributes, and writing them
// through the dialect's geo hooks.
import { storedGeometry, type Geometry } from '../../geo/index.js';
import type { GeoHooks, SqlExecutor } from '../../store/index.js';
import type { StoredEntity } from '../entity/model.js';

export interface GeoRow {
  readonly attr: string;
  readonly geometry: Geometry;
}

/**
 * One row per GeoProperty instance of every attribute (all datasetIds). Values were validated when
 * written; any that is not a geometry at all (legacy data) is skipped rather than indexed.
 */
export function geoRows(entity: Pick<StoredEntity, 'attrs'>): GeoRow[] {
  const rows: GeoRow[] = [];
  for (const [attr, instances] of Object.entries(entity.attrs)) {
    for (const instance of instances) {
      const geometry = instance.type === 'GeoProperty' ? storedGeometry(instance.value) : undefined;
      if (geometry !== undefined) rows.push({ attr, geometry });
    }
  }
  return rows;
}

export interface GeoShapeWriter {
  /** Re-indexes every shape of the entity stored under `pk`. */
  /** Indexes every shape of a new entity stored under `pk`. */
  insertShapes(tx: SqlExecutor, pk: number, entity: Pick<StoredEntity, 'attrs'>): Promise<void>;
  /** `before`: the state whose shapes are indexed now. */
  replaceShapes(
    tx: SqlExecutor,
    pk: number,
    entity: Pick<StoredEntity, 'attrs'>,
    before: Pick<StoredEntity, 'attrs'>,
  ): Promise<void>;
  deleteShapes(tx: SqlExecutor, pk: number, before: Pick<StoredEntity, 'attrs'>): Promise<void>;
}

export function createGeoShapeWriter(hooks: GeoHooks): GeoShapeWriter {
  return {
    insertShapes: (tx, pk, entity) => hooks.insertShapes(tx, pk, geoRows(entity)),
    replaceShapes: (tx, pk, entity, before) =>
      hooks.replaceShapes(tx, pk, geoRows(entity), geoRows(before).length),
    deleteShapes: (tx, pk, before) => hooks.deleteShapes(tx, pk, geoRows(before).length),
  };
}
