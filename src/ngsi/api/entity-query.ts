import { DothiError } from '../../kernel/index.js';
import type { SqlDialect } from '../../store/index.js';
import type { ActiveContext } from '../context/index.js';
import type { SqlFilter } from '../entity/entity-reads.js';
import { compileGeoQuery, parseGeoQuery } from '../geoquery/index.js';
import {
  compileAttrsExist,
  compileIdPattern,
  compileIds,
  compileQ,
  compileScopeQ,
  compileTypeExpr,
  parseAttrList,
  parseIdList,
  parseQ,
  parseScopeQ,
  parseTypeExpr,
  type TypeExpr,
} from '../query/index.js';

// The query of GET /entities and POST /entityOperations/query (CIM 009 §5.7.2, §5.2.23), parsed
// once into filters that compile to SQL.

export interface EntitySelector {
  id?: string;
  idPattern?: string;
  type?: string;
}

export interface EntityQuerySpec {
  selectors: EntitySelector[];
  attrs?: string[];
  q?: string;
  scopeQ?: string;
  geo?: { georel?: unknown; geometry?: unknown; coordinates?: unknown; geoproperty?: unknown };
}

function or(parts: SqlFilter[]): SqlFilter {
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };
}

function and(parts: SqlFilter[]): SqlFilter | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** The filters of one selector, all of which an entity must pass. */
function selectorParts(s: EntitySelector, ctx: ActiveContext, dialect: SqlDialect): SqlFilter[] {
  const parts: SqlFilter[] = [];
  const expand = (t: string) => ctx.expand(t);
  if (s.type !== undefined) {
    // `A;B`: each type a filter of its own, the first of which may drive the query.
    const expr = parseTypeExpr(s.type);
    const terms = expr.kind === 'and' ? expr.items : [expr];
    for (const term of terms) parts.push(compileTypeExpr(term, expand));
  }
  if (s.id !== undefined) parts.push(compileIds(parseIdList(s.id)));
  if (s.idPattern !== undefined) parts.push(compileIdPattern(s.idPattern, dialect.query));
  return parts;
}

export function hasGeo(spec: EntityQuerySpec): boolean {
  const g = spec.geo;
  return (
    g !== undefined && (g.georel !== undefined || g.geometry !== undefined || g.coordinates !== undefined)
  );
}

/** Compiles a query into SQL filters; a query with no restriction at all is refused (§5.7.2). */
export function compileEntityQuery(
  spec: EntityQuerySpec,
  ctx: ActiveContext,
  dialect: SqlDialect,
): SqlFilter[] {
  const filters: SqlFilter[] = [];
  const typesOnly =
    spec.selectors.length > 1 &&
    spec.selectors.every((s) => s.type !== undefined && s.id === undefined && s.idPattern === undefined);
  if (spec.selectors.length === 1) {
    // One selector's parts stay apart, so that its type filter can drive the query (entity-reads.ts).
    filters.push(...selectorParts(spec.selectors[0]!, ctx, dialect));
  } else if (typesOnly) {
    // Selectors of types alone (`[{type: A}, {type: B}]`): one type expression, A|B.
    const expr: TypeExpr = { kind: 'or', items: spec.selectors.map((s) => parseTypeExpr(s.type!)) };
    filters.push(compileTypeExpr(expr, (t) => ctx.expand(t)));
  } else {
    const selectors = spec.selectors
      .map((s) => and(selectorParts(s, ctx, dialect)))
      .filter((f): f is SqlFilter => f !== undefined);
    if (selectors.length > 0) filters.push(or(selectors));
  }
  const expand = (t: string) => ctx.expand(t);
  if (spec.attrs !== undefined && spec.attrs.length > 0) {
    filters.push(compileAttrsExist(spec.attrs.map(expand), dialect.query));
  }
  if (spec.q !== undefined) filters.push(compileQ(parseQ(spec.q), expand, dialect.query));
  if (spec.scopeQ !== undefined) filters.push(compileScopeQ(parseScopeQ(spec.scopeQ), dialect.query));
  if (hasGeo(spec)) {
    const geo = parseGeoQuery(spec.geo as Parameters<typeof parseGeoQuery>[0], expand);
    if (geo !== undefined) filters.push(compileGeoQuery(geo, dialect.geo));
  }
  if (filters.length === 0) {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      'a query needs at least one of type, id, idPattern, attrs, q, scopeQ or a geo-query',
    );
  }
  return filters;
}

export function attrListOf(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : parseAttrList(text);
}

/** The query of GET /entities (and of the temporal GET) from its query-string parameters. */
export function querySpecFromParams(q: Record<string, string | undefined>): EntityQuerySpec {
  const selector = { id: q.id, idPattern: q.idPattern, type: q.type };
  return {
    selectors: (selector.id ?? selector.idPattern ?? selector.type) ? [selector] : [],
    attrs: attrListOf(q.attrs),
    q: q.q,
    scopeQ: q.scopeQ,
    geo:
      (q.georel ?? q.geometry ?? q.coordinates)
        ? { georel: q.georel, geometry: q.geometry, coordinates: q.coordinates, geoproperty: q.geoproperty }
        : undefined,
  };
}
