import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapMeasures, planFor } from './measure-mapper.js';
import type { Device } from './model.js';

const terms = { expand: (t: string) => `urn:x:${t}` };
const at = '2026-06-01T00:00:00.000Z';

function device(over: Partial<Device> = {}): Device {
  return {
    device_id: 'd1',
    entity_name: 'urn:ngsi-ld:Sensor:d1',
    entity_type: 'Sensor',
    apikey: 'k',
    service: 's',
    subservice: '/',
    attributes: [
      { object_id: 't', name: 'temperature', type: 'Number' },
      { object_id: 'on', name: 'enabled', type: 'Boolean' },
      { object_id: 'pos', name: 'location', type: 'geo:point' },
    ],
    static_attributes: [],
    commands: [{ name: 'reset', type: 'command' }],
    explicitAttrs: false,
    ...over,
  };
}

const map = (d: Device, m: Record<string, unknown>) => mapMeasures(d, planFor(d, undefined), m, terms, at);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('measure mapping', () => {
  it('renames by object_id, converts declared types and stamps observedAt', () => {
    const e = map(device(), { t: '21.5', on: 'true', pos: '10.77, 106.7', x: '3' });
    assert.deepEqual(e.attrs['urn:x:temperature'], [{ type: 'Property', value: 21.5, observedAt: at }]);
    assert.equal(e.attrs['urn:x:enabled']![0]!.value, true);
    assert.deepEqual(e.attrs['urn:x:location']![0], {
      type: 'GeoProperty',
      value: { type: 'Point', coordinates: [106.7, 10.77] },
      observedAt: at,
    });
    assert.equal(e.attrs['urn:x:x']![0]!.value, 3);
    assert.deepEqual(e.types, ['urn:x:Sensor']);
  });

  it('takes observedAt from TimeInstant', () => {
    const e = map(device(), { t: 1, TimeInstant: '2026-01-01T07:00:00+07:00' });
    assert.equal(e.attrs['urn:x:temperature']![0]!.observedAt, '2026-01-01T00:00:00.000Z');
    assert.equal(e.attrs['urn:x:TimeInstant'], undefined);
  });

  it('keeps only declared attributes with explicitAttrs', () => {
    const e = map(device({ explicitAttrs: true }), { t: 1, other: 2 });
    assert.deepEqual(Object.keys(e.attrs), ['urn:x:temperature']);
  });

  it('refuses wrong types, reserved or invalid names, commands and bad timestamps', () => {
    for (const m of [
      { t: 'hot' },
      { on: 'maybe' },
      { pos: 'nowhere' },
      { id: 'x' },
      { 'a-b': 1 },
      { reset: 1 },
      { t: 1, TimeInstant: 'yesterday' },
      { location: 'x' },
    ]) {
      assert.equal(
        code(() => map(device(), m)),
        'INVALID_MEASURE',
        JSON.stringify(m),
      );
    }
  });
});
