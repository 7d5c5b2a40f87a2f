import { DothiError } from '../kernel/index.js';

// The measure expression language: a small, safe subset of the IoT Agents' JEXL — numbers,
// strings, measure names, + - * / %, unary minus and parentheses (e.g. `t * 0.1`,
// `(f - 32) / 1.8`). It is parsed into a tree once and evaluated over the message's measures;
// nothing is ever passed to eval or Function.

type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'var'; name: string }
  | { k: 'neg'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node };

const token =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|'([^']*)'|"([^"]*)"|([A-Za-z_@][A-Za-z0-9_]*)|([-+*/%()]))/y;
const maxDepth = 32;

function bad(text: string, why: string): DothiError {
  return new DothiError('BAD_REQUEST_DATA', `expression '${text}': ${why}`);
}

function tokenize(text: string): Array<Node | string> {
  const out: Array<Node | string> = [];
  token.lastIndex = 0;
  while (token.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(token.lastIndex))) break;
    const m = token.exec(text);
    if (m === null) throw bad(text, `unexpected character at ${token.lastIndex}`);
    if (m[1] !== undefined) out.push({ k: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ k: 'str', v: m[2] ?? m[3]! });
    else if (m[4] !== undefined) out.push({ k: 'var', name: m[4].replace(/^@/, '') });
    else out.push(m[5]!);
  }
  return out;
}

export function parseExpression(text: string): Node {
  const toks = tokenize(text);
  let at = 0;
  const binary = (ops: string[], next: (d: number) => Node) => (d: number) => {
    let l = next(d);
    while (typeof toks[at] === 'string' && ops.includes(toks[at] as string)) {
      const op = toks[at++] as string;
      l = { k: 'bin', op, l, r: next(d) };
    }
    return l;
  };
  const primary = (d: number): Node => {
    if (d > maxDepth) throw bad(text, 'nested too deeply');
    const t = toks[at++];
    if (t === '-') return { k: 'neg', e: primary(d + 1) };
    if (t === '(') {
      const e = sum(d + 1);
      if (toks[at++] !== ')') throw bad(text, "missing ')'");
      return e;
    }
    if (t === undefined || typeof t === 'string') throw bad(text, 'a value or name was expected');
    return t;
  };
  const product = binary(['*', '/', '%'], primary);
  const sum = binary(['+', '-'], product);
  const tree = sum(0);
  if (at !== toks.length) throw bad(text, 'unexpected text after the expression');
  return tree;
}

function arith(op: string, l: unknown, r: unknown): unknown {
  if (op === '+' && (typeof l === 'string' || typeof r === 'string')) return `${String(l)}${String(r)}`;
  const a = Number(l);
  const b = Number(r);
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (op === '/') return a / b;
  return a % b;
}

export function evaluate(node: Node, scope: Readonly<Record<string, unknown>>): unknown {
  switch (node.k) {
    case 'num':
    case 'str':
      return node.v;
    case 'var':
      return Object.hasOwn(scope, node.name) ? scope[node.name] : undefined;
    case 'neg':
      return -Number(evaluate(node.e, scope));
    case 'bin':
      return arith(node.op, evaluate(node.l, scope), evaluate(node.r, scope));
  }
}

const compiled = new Map<string, Node>();

/** Evaluates `text` (compiled once and kept) over the measures of one message. */
export function evaluateExpression(text: string, scope: Readonly<Record<string, unknown>>): unknown {
  let node = compiled.get(text);
  if (node === undefined) {
    node = parseExpression(text);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(text, node);
  }
  return evaluate(node, scope);
}
