// The query module: parsers for q, type, scopeQ, id and attribute lists (frozen syntax trees), their
// compilers to SQL conditions on `entities e`, and the indexer that writes the rows they read.
export { parseQ } from './q-parser.js';
export type {
  AttrPath,
  ComparisonOp,
  QAnd,
  QCompare,
  QExists,
  QExpr,
  QList,
  QOr,
  QPattern,
  QRange,
  QScalar,
  QScalarKind,
  QTerm,
  QValue,
} from './q-ast.js';
export { comparisonOps } from './q-ast.js';
export { parseTypeExpr } from './type-expr.js';
export type { TypeExpr, TypeName } from './type-expr.js';
export { parseScopeQ } from './scope-expr.js';
export type { ScopeExpr, ScopeTerm } from './scope-expr.js';
export { parseIdList, parseAttrList, maxIds } from './lists.js';
export { maxQueryLength, maxNesting, maxTerms } from './syntax-error.js';
export type { SqlFragment } from './sql-fragment.js';
export { joinFragments } from './sql-fragment.js';
export { compileQ } from './compile-q.js';
export {
  compileTypeExpr,
  compileIds,
  compileIdPattern,
  compileAttrsExist,
  compileScopeQ,
} from './compile-filters.js';
export type { Expand } from './value-conditions.js';
export { indexRows, indexAttrRows, indexPathsOf, scopePath } from './index-rows.js';
export type { IndexRow } from './index-rows.js';
export { dateTimeMs } from './date-time.js';
