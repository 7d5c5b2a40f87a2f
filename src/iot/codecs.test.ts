import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeResults, encodeCommand } from './command-codec.js';
import { decodePayload } from './codecs.js';
import { evaluateExpression, parseExpression } from './expression.js';
import { parseTopic } from './mqtt-topics.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('UltraLight 2.0 decoding', () => {
  it('reads pairs, and groups separated by # as separate updates', () => {
    assert.deepEqual(decodePayload('ul', 't|25|h|40'), [{ t: '25', h: '40' }]);
    assert.deepEqual(decodePayload('ul', 't|1#t|2'), [{ t: '1' }, { t: '2' }]);
  });

  it('takes a leading timestamp of an odd group as its TimeInstant', () => {
    assert.deepEqual(decodePayload('ul', '2026-01-01T00:00:00Z|t|25'), [
      { TimeInstant: '2026-01-01T00:00:00Z', t: '25' },
    ]);
  });

  it('refuses a truncated group, an empty name and an empty payload', () => {
    assert.equal(
      code(() => decodePayload('ul', 't|25|h')),
      'INVALID_MEASURE',
    );
    assert.equal(
      code(() => decodePayload('ul', '|25')),
      'INVALID_MEASURE',
    );
    assert.equal(
      code(() => decodePayload('ul', '  ')),
      'INVALID_MEASURE',
    );
  });
});

describe('JSON decoding', () => {
  it('reads an object or an array of objects', () => {
    assert.deepEqual(decodePayload('json', '{"t":1}'), [{ t: 1 }]);
    assert.deepEqual(decodePayload('json', '[{"t":1},{"t":2}]'), [{ t: 1 }, { t: 2 }]);
  });

  it('refuses broken JSON, scalars and NUL characters', () => {
    for (const bad of ['{"t":', '42', '[1]', '{"t":"a\u0000"}']) {
      assert.equal(
        code(() => decodePayload('json', bad)),
        'INVALID_MEASURE',
        bad,
      );
    }
  });

  it('reads a single-attribute payload as JSON when it parses, else as text', () => {
    assert.deepEqual(decodePayload('json', '21.5', 'temperature'), [{ temperature: 21.5 }]);
    assert.deepEqual(decodePayload('json', 'on', 'state'), [{ state: 'on' }]);
  });
});

describe('measure expressions', () => {
  it('computes arithmetic over the measures with precedence and parentheses', () => {
    assert.equal(evaluateExpression('(f - 32) / 1.8', { f: 212 }), 100);
    assert.equal(evaluateExpression('t * 0.1 + 1', { t: 250 }), 26);
    assert.equal(evaluateExpression('-@t % 7', { t: 10 }), -3);
    assert.equal(evaluateExpression("'id-' + n", { n: 4 }), 'id-4');
  });

  it('refuses anything outside the small language instead of running it', () => {
    for (const bad of ['process.exit(1)', 't; 1', 'a(1)', '1 +', '((1)', 't[0]']) {
      assert.equal(
        code(() => parseExpression(bad)),
        'BAD_REQUEST_DATA',
        bad,
      );
    }
  });

  it('never reads inherited members of the measures', () => {
    assert.equal(evaluateExpression('constructor', {}), undefined);
  });
});

describe('MQTT topics', () => {
  it('names format, apikey, device and kind', () => {
    assert.deepEqual(parseTopic('/json/k1/d1/attrs'), {
      format: 'json',
      apikey: 'k1',
      deviceId: 'd1',
      kind: 'attrs',
    });
    assert.deepEqual(parseTopic('k1/d1/attrs/t'), {
      format: undefined,
      apikey: 'k1',
      deviceId: 'd1',
      kind: 'attrs',
      attr: 't',
    });
    assert.equal(parseTopic('/ul/k1/d1/cmdexe')?.kind, 'cmdexe');
  });

  it('is undefined for other topics', () => {
    for (const t of ['/k1/d1', '/k1/d1/other', '/k1/d1/attrs/t/x', 'bench/raw/1', '/k1//attrs']) {
      assert.equal(parseTopic(t), undefined, t);
    }
  });
});

describe('command payloads', () => {
  it('encodes JSON and UltraLight commands and decodes their results', () => {
    assert.equal(encodeCommand('json', 'd1', 'dim', 40), '{"dim":40}');
    assert.equal(encodeCommand('ul', 'd1', 'dim', 40), 'd1@dim|40');
    assert.equal(encodeCommand('ul', 'd1', 'set', { a: 1, b: 'x' }), 'd1@set|a=1|b=x');
    assert.deepEqual(decodeResults('ul', 'd1@dim|done'), [{ name: 'dim', result: 'done' }]);
    assert.deepEqual(decodeResults('json', '{"dim":"done"}'), [{ name: 'dim', result: 'done' }]);
  });
});
