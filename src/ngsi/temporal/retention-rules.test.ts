import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_VOCAB,
  keepsEverything,
  parseRetentionRules,
  RETENTION_PATTERN,
  retentionOf,
} from './retention-rules.js';

const D = 86_400_000;
const S = `${DEFAULT_VOCAB}Sensor`;
const T = `${DEFAULT_VOCAB}temperature`;

describe('history retention rules', () => {
  it('a bare duration is the default, Type and Type.attr override it', () => {
    const r = parseRetentionRules('30d, Sensor=7d, Sensor.temperature=90d');
    assert.equal(r.all, 30 * D);
    const s = retentionOf(r, [S]);
    assert.equal(s.other, 7 * D);
    assert.equal(s.attrs.get(T), 90 * D);
    assert.equal(retentionOf(r, ['https://ex.org/Other']).other, 30 * D);
  });

  it('IRIs in angle brackets, hours, weeks and off are understood', () => {
    const r = parseRetentionRules('<https://ex.org/T>=12h,<https://ex.org/T>.<https://ex.org/a>=off,2w');
    assert.equal(r.all, 14 * D);
    const x = retentionOf(r, ['https://ex.org/T']);
    assert.equal(x.other, 12 * 3_600_000);
    assert.equal(x.attrs.has('https://ex.org/a'), true);
    assert.equal(x.attrs.get('https://ex.org/a'), undefined);
  });

  it('an entity with several matching types keeps its history the longest of them', () => {
    const r = parseRetentionRules('A=1d,B=3d,A.x=off,B.x=2d');
    const x = retentionOf(r, [`${DEFAULT_VOCAB}A`, `${DEFAULT_VOCAB}B`]);
    assert.equal(x.other, 3 * D);
    assert.equal(x.attrs.get(`${DEFAULT_VOCAB}x`), undefined);
  });

  it('no setting, or only off, keeps everything', () => {
    assert.equal(keepsEverything(parseRetentionRules(undefined)), true);
    assert.equal(keepsEverything(parseRetentionRules('off,Sensor=off')), true);
    assert.equal(keepsEverything(parseRetentionRules('off,Sensor=1d')), false);
  });

  it('malformed entries are refused by the parser and the configuration pattern', () => {
    for (const bad of ['30', '30y', 'Sensor=', '=7d', 'Sensor.temperature.x=1d', 'a b=1d', '30d,,']) {
      assert.equal(RETENTION_PATTERN.test(bad), false, bad);
    }
    assert.throws(() => parseRetentionRules('Sensor=7'));
    assert.equal(RETENTION_PATTERN.test('30d,Sensor=7d,Sensor.temperature=90d,<https://ex.org/T>=1d'), true);
  });
});

describe('DOTHI_HISTORY_RETENTION in the configuration', () => {
  it('the configuration accepts and refuses what the rule parser does', async () => {
    const { loadConfig } = await import('../../kernel/index.js');
    const good = ['30d', '30d,Sensor=7d,Sensor.temperature=90d', 'off,<https://ex.org/T>=1d', '2w, A.b=12h'];
    for (const v of good) {
      assert.equal(loadConfig({ DOTHI_HISTORY_RETENTION: v }).DOTHI_HISTORY_RETENTION, v);
      assert.doesNotThrow(() => parseRetentionRules(v));
    }
    for (const v of ['30', 'Sensor=7', 'Sensor.temperature.x=1d', '1y']) {
      assert.throws(() => loadConfig({ DOTHI_HISTORY_RETENTION: v }), { code: 'CONFIG_INVALID' });
      assert.throws(() => parseRetentionRules(v));
    }
    assert.equal(loadConfig({}).DOTHI_HISTORY_RETENTION, 'off');
  });
});
