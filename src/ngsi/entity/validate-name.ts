// Names of entity types, attributes and sub-attributes, and vocab terms (CIM 009 §4.6.2): a JSON-LD
// term or an IRI. Refused: white space and control characters, the characters NGSI brokers have
// always forbidden in names (< > " ' = ; ( )), the ones no IRI may hold ([ ] { } \ ^ ` |), and a
// leading '@' (JSON-LD keywords are not names). ':' '/' '#' stay allowed so full IRIs pass.
const NAME = /^[^\s\p{Cc}<>"'=;()[\]{}\\^`|@][^\s\p{Cc}<>"'=;()[\]{}\\^`|]*$/u;

export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}

/** A problem description for BadRequestData, or undefined when `name` is a valid attribute name. */
export function validateAttributeName(name: string): string | undefined {
  return isValidName(name)
    ? undefined
    : `${JSON.stringify(name)} is not a valid attribute name (CIM 009 §4.6.2)`;
}
