// CIM 009 §4.15 / §5.2.32: languageMap keys are BCP 47 language tags (RFC 5646), or '@none' for a
// string in no particular language. The check is the tag's shape, not the IANA registry.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

export function isLanguageTag(s: string): boolean {
  return s === '@none' || LANGUAGE_TAG.test(s);
}
