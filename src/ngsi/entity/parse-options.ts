import type { AttrInstance, AttributeType } from './model.js';
import type { TermMapper } from './term-mapper.js';
import { validateGeometry } from '../../geo/index.js';
import type { GeometryValidator } from './validate-geometry.js';

export interface ParseOptions {
  /**
   * Update context (merge entity, update / partial update of attributes; CIM 009 §5.5.8, §5.5.12):
   * the NGSI-LD Null `urn:ngsi-ld:null` is accepted and marks what is to be deleted. Elsewhere it
   * is BadRequestData. Default false.
   */
  allowNull?: boolean;
  /** GeoJSON validation; by default the geometry port's full check (structure and topology). */
  validateGeometry?: GeometryValidator;
}

/** What one parse call needs at every level; built once per request body. */
export interface ParseContext {
  readonly terms: TermMapper;
  readonly allowNull: boolean;
  readonly validateGeometry: GeometryValidator;
}

export function parseContext(terms: TermMapper, opts: ParseOptions): ParseContext {
  return {
    terms,
    allowNull: opts.allowNull ?? false,
    validateGeometry: opts.validateGeometry ?? validateGeometry,
  };
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function isStringArray(a: unknown): a is string[] {
  if (!Array.isArray(a)) return false;
  for (const x of a) if (typeof x !== 'string') return false;
  return true;
}

/**
 * What a partial attribute update (PATCH /entities/{id}/attrs/{attrId}, CIM 009 §5.6.4) gives:
 * an instance whose members are all optional, `type` included. Members present replace the
 * stored ones; sub-attributes merge by name; a member or sub-attribute equal to the NGSI-LD Null
 * asks for its removal. The service merges it into the stored instance.
 */
export type AttrFragment = Omit<AttrInstance, 'type'> & { type?: AttributeType };
