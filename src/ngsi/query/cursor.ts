import type { DothiError } from '../../kernel/index.js';
import { maxNesting, maxTerms, syntaxError, tooComplex } from './syntax-error.js';

/** A position in the text being parsed, with the counters that bound pathological input. */
export class Cursor {
  pos = 0;
  depth = 0;
  private terms = 0;

  constructor(
    readonly text: string,
    readonly parameter: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Matches a sticky regular expression at the cursor and moves past the match. */
  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  error(what: string, at = this.pos): DothiError {
    return syntaxError(this.parameter, at, what);
  }

  countTerm(): void {
    if (++this.terms > maxTerms) throw tooComplex(this.parameter, `more than ${maxTerms} terms`);
  }

  enter(): void {
    if (++this.depth > maxNesting)
      throw tooComplex(this.parameter, `parentheses nested deeper than ${maxNesting}`);
  }

  /** Names the character at the cursor for an error message. */
  describe(): string {
    return this.done ? 'end of text' : `'${this.peek()}'`;
  }
}
