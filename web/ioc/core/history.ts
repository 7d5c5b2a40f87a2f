// History charts: which temporal query each period uses, and the series read from the answer.
// CIM 009 §6.18 (temporal retrieval), §4.5.19 (aggregated representation).

export const ranges = ['1h', '24h', '7d', '30d'] as const;
export type Range = (typeof ranges)[number];

const spanMs: Record<Range, number> = {
  '1h': 3600e3,
  '24h': 86400e3,
  '7d': 7 * 86400e3,
  '30d': 30 * 86400e3,
};
/** The last hour is shown raw; longer periods as averages per bucket. */
const bucket: Record<Range, string | undefined> = {
  '1h': undefined,
  '24h': 'PT15M',
  '7d': 'PT2H',
  '30d': 'PT6H',
};

/** The query string of GET /ngsi-ld/v1/temporal/entities/{id} for this period. */
export function historyQuery(attr: string, range: Range, now: number): string {
  const p = new URLSearchParams({
    attrs: attr,
    timerel: 'between',
    timeAt: new Date(now - spanMs[range]).toISOString(),
    endTimeAt: new Date(now).toISOString(),
    lastN: '2000',
  });
  const b = bucket[range];
  if (b === undefined) p.set('options', 'temporalValues');
  else {
    p.set('options', 'aggregatedValues');
    p.set('aggrMethods', 'avg');
    p.set('aggrPeriodDuration', b);
  }
  return p.toString();
}

/** Times in seconds (what the chart library wants) and values; sorted by time. */
export interface Series {
  t: number[];
  v: number[];
}

type Row = [unknown, string, string?];

/** Reads the attribute's series from a temporalValues or aggregatedValues answer. */
export function readSeries(body: unknown, attr: string): Series {
  const a = (body as Record<string, { values?: Row[]; avg?: Row[] } | undefined> | null)?.[attr];
  const rows = a?.values ?? a?.avg ?? [];
  const points = rows
    .map(([v, t]) => [Date.parse(t) / 1000, v] as const)
    .filter((p): p is readonly [number, number] => Number.isFinite(p[0]) && typeof p[1] === 'number')
    .sort((x, y) => x[0] - y[0]);
  return { t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
}
