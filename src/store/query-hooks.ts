// Per-dialect SQL fragments used by the NGSI-LD query compiler (src/ngsi/query/). Filled in by
// each dialect folder: src/store/sqlite/query-hooks.ts and src/store/postgres/query-hooks.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- members are added as the compiler needs them
export interface QueryHooks {}
