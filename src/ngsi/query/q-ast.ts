// Syntax trees of the NGSI-LD Query Language (ETSI GS CIM 009 V1.8.1 §4.9), as produced by
// parseQ. Every node is frozen; names are kept as written and expanded only by the compiler.

/** `a`, `a.b` (sub-attribute or metadata such as `a.observedAt`), `a[x.y]` / `a.b[x][y]` (compound). */
export interface AttrPath {
  /** The attribute, then sub-attribute or metadata names, as written (terms or IRIs). */
  readonly names: readonly string[];
  /** Members of a compound trailing path: JSON keys inside the value, never expanded. */
  readonly keys: readonly string[];
  readonly text: string;
  readonly position: number;
}

/**
 * A literal. `term` is an unquoted word that is nothing else (`q=category==commercial`): it matches
 * the string as written or its expansion, since VocabProperty values are stored expanded.
 */
export type QScalar =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'dateTime'; readonly value: string; readonly ms: number }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'time'; readonly value: string }
  | { readonly kind: 'uri'; readonly value: string }
  | { readonly kind: 'term'; readonly value: string };

export type QScalarKind = QScalar['kind'];

export interface QRange {
  readonly kind: 'range';
  readonly min: QScalar;
  readonly max: QScalar;
}

export interface QList {
  readonly kind: 'list';
  readonly items: readonly QScalar[];
}

export type QValue = QScalar | QRange | QList;

export const comparisonOps = ['==', '!=', '>=', '>', '<=', '<'] as const;
export type ComparisonOp = (typeof comparisonOps)[number];

/** `q=attr` (or `q=!attr`, an Orion-LD extension): the entity has (has not) the attribute. */
export interface QExists {
  readonly kind: 'exists';
  readonly path: AttrPath;
  readonly negated: boolean;
}

export interface QCompare {
  readonly kind: 'compare';
  readonly path: AttrPath;
  readonly op: ComparisonOp;
  readonly value: QValue;
}

/** `~=` (negated: `!~=`): a regular expression over string values. */
export interface QPattern {
  readonly kind: 'pattern';
  readonly path: AttrPath;
  readonly negated: boolean;
  readonly pattern: string;
}

export type QTerm = QExists | QCompare | QPattern;

export interface QAnd {
  readonly kind: 'and';
  readonly items: readonly QExpr[];
}

export interface QOr {
  readonly kind: 'or';
  readonly items: readonly QExpr[];
}

export type QExpr = QTerm | QAnd | QOr;
