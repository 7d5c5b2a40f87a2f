import { DothiError } from '../../kernel/index.js';
import type { SqlExecutor } from '../../store/index.js';

// CIM 009 §4.14: tenants are created implicitly by the first write and fully isolated. The
// default tenant (no NGSILD-Tenant header) always exists.
export const DEFAULT_TENANT = '';
const validTenant = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function parseTenant(header: string | undefined): string {
  if (header === undefined || header === '') return DEFAULT_TENANT;
  if (!validTenant.test(header)) {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      `tenant name '${header}' must be 1-64 letters, digits, '_' or '-'`,
    );
  }
  return header;
}

export class Tenants {
  private readonly known = new Set<string>([DEFAULT_TENANT]);

  /** Creates the tenant in the write transaction when it is new; call `remember` once that commits. */
  async ensure(tx: SqlExecutor, tenant: string, now: string): Promise<void> {
    if (this.known.has(tenant)) return;
    await tx.defer('INSERT INTO tenants (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [
      tenant,
      now,
    ]);
  }

  /**
   * Records a tenant whose `ensure` was committed. Not done in `ensure`: a unit of work rolled back
   * after it would leave the tenant cached but not stored, and later writes would skip the INSERT.
   */
  remember(tenant: string): void {
    this.known.add(tenant);
  }

  /** Throws NONEXISTENT_TENANT for a tenant nothing was ever written to (reads only). */
  async require(db: SqlExecutor, tenant: string): Promise<void> {
    if (this.known.has(tenant)) return;
    const row = await db.get('SELECT 1 AS x FROM tenants WHERE name = ?', [tenant]);
    if (row === undefined) throw new DothiError('NONEXISTENT_TENANT', `tenant '${tenant}' does not exist`);
    this.known.add(tenant);
  }

  async list(db: SqlExecutor): Promise<string[]> {
    const rows = await db.all<{ name: string }>('SELECT name FROM tenants ORDER BY name');
    return rows.map((r) => r.name);
  }
}
