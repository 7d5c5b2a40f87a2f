import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakdownSlices, StatusClusters } from '../../../web/ioc/core/clusters.js';
import { commandForKey } from '../../../web/ioc/core/commands.js';
import { EntityIndex, fold } from '../../../web/ioc/core/entity-index.js';
import { lngLat, type LngLat } from '../../../web/ioc/core/geometry.js';
import { historyQuery, readSeries } from '../../../web/ioc/core/history.js';
import { statusWord, t } from '../../../web/ioc/core/i18n.js';
import { formatValue, labelOf } from '../../../web/ioc/core/labels.js';
import { liveUrl } from '../../../web/ioc/core/live-stream.js';

const now = Date.parse('2026-11-22T06:00:00Z');

describe('operator app core', () => {
  it('clusters points with the count of each status, which a zoom-in splits again', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({
      id: `p${i}`,
      at: lngLat(106.7 + (i % 10) * 0.0001, 10.77 + Math.floor(i / 10) * 0.0001)!,
      status: i < 20 ? 'free' : 'full',
    }));
    const clusters = new StatusClusters(points);
    const far = clusters.view([106, 10, 107, 11], 10);
    assert.equal(far.length, 1);
    assert.deepEqual(far[0]!.kind === 'cluster' && far[0]!.counts, { free: 20, full: 10 });
    const near = clusters.view([106, 10, 107, 11], 20);
    assert.equal(near.length, 30);
    assert.deepEqual(
      breakdownSlices({ full: 10, free: 20 }, { free: '#0f0', almostFull: '#fa0', full: '#f00' }),
      [
        { colour: '#0f0', from: 0, to: 2 / 3 },
        { colour: '#f00', from: 2 / 3, to: 1 },
      ],
    );
  });

  it('asks raw values for the last hour and hourly-style averages for longer periods', () => {
    const raw = new URLSearchParams(historyQuery('pm25', '1h', now));
    assert.equal(raw.get('options'), 'temporalValues');
    assert.equal(raw.get('timeAt'), '2026-11-22T05:00:00.000Z');
    const month = new URLSearchParams(historyQuery('pm25', '30d', now));
    assert.equal(month.get('options'), 'aggregatedValues');
    assert.equal(month.get('aggrMethods'), 'avg');
    assert.equal(month.get('aggrPeriodDuration'), 'PT6H');
  });

  it('reads a series from simplified and aggregated temporal answers, in time order', () => {
    const simplified = {
      pm25: {
        type: 'Property',
        values: [
          [5, '2026-11-22T05:10:00Z'],
          [3, '2026-11-22T05:00:00Z'],
        ],
      },
    };
    assert.deepEqual(readSeries(simplified, 'pm25'), {
      t: [Date.parse('2026-11-22T05:00:00Z') / 1000, Date.parse('2026-11-22T05:10:00Z') / 1000],
      v: [3, 5],
    });
    const aggregated = {
      pm25: { type: 'Property', avg: [[4.5, '2026-11-22T00:00:00Z', '2026-11-22T06:00:00Z']] },
    };
    assert.deepEqual(readSeries(aggregated, 'pm25').v, [4.5]);
    assert.deepEqual(readSeries({}, 'pm25'), { t: [], v: [] });
  });

  it('records a notable status change and finds entities by name without accents', () => {
    const index = new EntityIndex();
    index.load([{ id: 'urn:a', type: 'AirQualityObserved', name: 'Trạm Bến Thành', airQualityIndex: 30 }]);
    index.apply(
      { id: 'urn:a', type: 'AirQualityObserved', name: 'Trạm Bến Thành', airQualityIndex: 40 },
      now,
    );
    assert.equal(index.changes.length, 0, 'good to good is not notable');
    index.apply(
      { id: 'urn:a', type: 'AirQualityObserved', name: 'Trạm Bến Thành', airQualityIndex: 220 },
      now,
    );
    assert.deepEqual(
      index.changes.map((c) => [c.name, c.from, c.to]),
      [['Trạm Bến Thành', 'good', 'veryBad']],
    );
    assert.deepEqual(
      index.search('ben thanh').map((e) => e.id),
      ['urn:a'],
    );
    assert.equal(fold('Đường Điện Biên Phủ'), 'duong dien bien phu');
  });

  it('names attributes in both languages with units, never as IRIs', () => {
    assert.equal(labelOf('vi', 'currentLevel'), 'Mực nước');
    assert.equal(labelOf('en', 'averageVehicleSpeed'), 'Mean speed');
    assert.equal(labelOf('en', 'someNewThing'), 'Some new thing');
    assert.equal(formatValue('en', 'currentLevel', 0.42), '0.42 m');
    assert.equal(formatValue('en', 'fillingLevel', 0.9), '90 %');
    assert.equal(
      formatValue('vi', 'address', { streetAddress: '1 Lê Lợi', addressLocality: 'Quận 1' }),
      '1 Lê Lợi, Quận 1',
    );
    assert.equal(t('vi', 'kpi.lightsOut'), 'Đèn hỏng');
    assert.equal(statusWord('en', 'veryBad'), 'very bad');
  });

  it('keeps a live change when an older snapshot page of the same entity arrives after it', () => {
    const index = new EntityIndex();
    index.apply({ id: 'urn:w', type: 'WasteContainer', fillingLevel: 0.9 }, now);
    index.load([
      { id: 'urn:w', type: 'WasteContainer', fillingLevel: 0.1 },
      { id: 'urn:v', type: 'WasteContainer', fillingLevel: 0.2 },
    ]);
    assert.equal(index.byId.get('urn:w')?.fillingLevel, 0.9);
    assert.equal(index.byId.get('urn:v')?.fillingLevel, 0.2);
    assert.deepEqual(
      index.inLayer('waste').map((e) => e.id),
      ['urn:w', 'urn:v'],
    );
    index.remove('urn:v');
    index.load([{ id: 'urn:v', type: 'WasteContainer', fillingLevel: 0.2 }]);
    assert.equal(index.byId.has('urn:v'), false, 'a deletion is not undone by a stale page');
    assert.deepEqual(
      index.inLayer('waste').map((e) => e.id),
      ['urn:w'],
    );
  });

  it('maps keys to commands, but not while the operator types', () => {
    assert.equal(commandForKey('3', false), 'toggle.flood');
    assert.equal(commandForKey('L', false), 'language');
    assert.equal(commandForKey('l', true), undefined);
    assert.equal(commandForKey('Escape', true), 'close');
  });

  it('brands coordinates only when they are real', () => {
    assert.equal(lngLat(106.7, 95), undefined);
    assert.deepEqual(lngLat(106.7, 10.8) as LngLat, [106.7, 10.8]);
  });
});

describe('live view request', () => {
  it('asks for the visible area, clamped to the world, and the layers shown', () => {
    const url = new URL(
      liveUrl({ bbox: [-200, -95, 106.8, 10.9], types: ['Camera', 'Vehicle'] }),
      'http://x',
    );
    assert.equal(url.pathname, '/live/stream');
    assert.equal(url.searchParams.get('bbox'), '-180.00000,-90.00000,106.80000,10.90000');
    assert.equal(url.searchParams.get('types'), 'Camera,Vehicle');
  });
});
