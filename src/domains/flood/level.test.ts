import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dryStreet, floodStatus, stepFlood, type FloodSite, type FloodState } from './level.js';

const site: FloodSite = { outfallM: 1.5, runoffCmPerMm: 1, drainCmPerH: 30, lagMin: 30 };

function run(minutes: number, rain: (min: number) => number, tide = 0, from: FloodState = dryStreet) {
  const depths: number[] = [];
  let s = from;
  for (let m = 0; m < minutes; m += 5) {
    s = stepFlood(s, site, 5, rain(m), tide);
    depths.push(s.depthCm);
  }
  return { depths, state: s };
}

describe('street flood level', () => {
  it('stays dry without rain and below the outfall tide', () => {
    assert.ok(run(600, () => 0, 1.2).depths.every((d) => d === 0));
  });

  it('rises in a downpour, later than the rain, and drains once it stops', () => {
    const storm = (m: number) => (m < 90 ? 90 : 0);
    const { depths } = run(480, storm);
    const peakAt = depths.indexOf(Math.max(...depths)) * 5;
    assert.ok(Math.max(...depths) > 30, `peak ${Math.max(...depths)}`);
    assert.ok(depths[1]! < 5, 'the lag holds the water back at first');
    assert.ok(peakAt >= 90, `peak at ${peakAt} min, after the rain stopped`);
    assert.ok(depths[depths.length - 1]! < 1, 'drained after a few hours');
  });

  it('floods more when a high tide blocks the drains', () => {
    const shower = (m: number) => (m < 60 ? 30 : 0);
    const low = Math.max(...run(240, shower, 0.5).depths);
    const high = Math.max(...run(240, shower, 1.7).depths);
    assert.ok(high > low + 5, `high tide ${high} vs low tide ${low}`);
  });

  it('grades depth as normal, alert (10 cm) and danger (30 cm)', () => {
    assert.deepEqual([0, 9.9, 10, 29.9, 30].map(floodStatus), [
      'normal',
      'normal',
      'alert',
      'alert',
      'danger',
    ]);
  });
});
