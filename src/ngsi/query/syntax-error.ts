import { DothiError, badRequestData } from '../../kernel/index.js';

/** Longest accepted q, type, scopeQ, attrs/pick/omit text: beyond it the query is refused. */
export const maxQueryLength = 8192;
/** Deepest parenthesis nesting accepted in q, type and scopeQ. */
export const maxNesting = 32;
/** Most terms (comparisons, types, scopes, list items) in one expression. */
export const maxTerms = 512;

/** BAD_REQUEST_DATA pointing at a 0-based position of the parameter's text. */
export function syntaxError(parameter: string, position: number, what: string): DothiError {
  return badRequestData(`${parameter}: ${what} at position ${position}`, { parameter, position });
}

export function tooComplex(parameter: string, what: string): DothiError {
  return new DothiError('TOO_COMPLEX_QUERY', `${parameter}: ${what}`, { parameter });
}

/** Refuses text that is empty or longer than `maxQueryLength`. */
export function checkLength(parameter: string, text: string, limit = maxQueryLength): void {
  if (text.length > limit) throw tooComplex(parameter, `longer than ${limit} characters`);
  if (text.trim() === '') throw syntaxError(parameter, 0, 'empty expression');
}

/** Freezes a syntax tree node and its arrays, so a parsed expression can be shared and cached. */
export function frozen<T extends object>(node: T): Readonly<T> {
  for (const value of Object.values(node)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(node);
}
