import type { QueryHooks } from '../query-hooks.js';

// The epoch milliseconds of an ISO 8601 date-time text (UTC when no offset is written), else NULL,
// matching what the indexer stores in `num` (src/ngsi/query/date-time.ts). A cast to timestamptz
// would raise an error on a malformed string and fail the whole query, so the parts are checked by
// a regular expression and added up; no `?` appears in the literal (it would read as a placeholder).
const isoDateTime =
  '^([1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9])' +
  '(:([0-5][0-9](\\.[0-9]+){0,1})){0,1}(Z|([+-])([0-9]{2}):([0-9]{2})){0,1}$';

const dateTimeMs = (text: string): string =>
  `(SELECT round((extract(epoch FROM make_timestamp(m[1]::int, m[2]::int, 1, m[4]::int, m[5]::int, ` +
  `coalesce(m[7], '0')::float8)) + (m[3]::int - 1) * 86400 - CASE m[10] WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END ` +
  `* (coalesce(m[11], '0')::int * 3600 + coalesce(m[12], '0')::int * 60)) * 1000)::float8 ` +
  `FROM regexp_match(${text}, '${isoDateTime}') AS m)`;

export const postgresQueryHooks: QueryHooks = {
  jsonValues(doc, path, alias) {
    const members = path.members.map(() => 'i.inst #> ?::text[]').join(', ');
    const [m, u] = [`${alias}_m`, `${alias}_u`];
    const text = `(${u}.x #>> '{}')`;
    return {
      sql:
        `(SELECT CASE jsonb_typeof(${u}.x) WHEN 'string' THEN ${text} WHEN 'boolean' THEN ${text} END AS str, ` +
        `CASE jsonb_typeof(${u}.x) WHEN 'number' THEN ${text}::float8 WHEN 'string' THEN ${dateTimeMs(text)} END AS num ` +
        `FROM (SELECT coalesce(${members}) AS t FROM jsonb_array_elements(${doc} -> 'attrs' -> ?::text) AS i(inst)) AS ${m} ` +
        `CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${m}.t) <> 'array' THEN jsonb_build_array(${m}.t) ` +
        `WHEN ${m}.t = '[]'::jsonb THEN jsonb_build_array(${m}.t) ELSE ${m}.t END) AS ${u}(x) ` +
        `WHERE ${m}.t IS NOT NULL) AS ${alias}`,
      params: [
        ...path.members.map((member) => [...path.subs.flatMap((s) => ['sub', s]), member, ...path.keys]),
        path.attr,
      ],
    };
  },
  // An uncorrelated ARRAY() is an InitPlan, run once; `= ANY` then probes the primary key.
  inSubquery: (column, subquery) => `${column} = ANY (ARRAY(${subquery}))`,
  // POSIX regular expressions (PostgreSQL ARE), case-sensitive.
  regexMatch: (text) => `${text} ~ ?`,
  // Byte-wise order whatever the database collation, so both backends sort strings alike.
  orderedText: (text) => `(${text} COLLATE "C")`,
  // PostgreSQL costs the alternatives from its statistics; no hint needed.
  unindexed: (column) => column,
  // The planner weighs lookups from its statistics, and merge-joins the primary keys of
  // entity_types and entities by itself.
  countsLookups: false,
  keySource: () => undefined,
  // A LATERAL subquery that cannot be pulled up into a join (an aggregate, or OFFSET 0) runs
  // once per outer row, as a parameterized index scan.
  joinEach(q) {
    const cols = q.columns.map(([a, e]) => `${e} AS ${a}`).join(', ');
    const keys = q.keys.map(([a, c]) => `${q.outer}.${c} AS ${a}`);
    const from = `SELECT ${[...keys, ...q.columns.map(([a]) => `x.${a}`)].join(', ')} FROM ${q.outer} CROSS JOIN LATERAL`;
    if (!q.grouped) return `${from} (SELECT ${cols} FROM ${q.table} WHERE ${q.where} OFFSET 0) AS x`;
    return `${from} (SELECT COUNT(*) AS x_rows, ${cols} FROM ${q.table} WHERE ${q.where}) AS x WHERE x.x_rows > 0`;
  },
};
