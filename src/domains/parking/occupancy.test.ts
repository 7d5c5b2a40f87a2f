import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../rng.js';
import { occupancyShare, occupiedSpots, parkingStatus } from './occupancy.js';
import { lotModel } from './pack.js';
import { conditionsAtHour } from '../test-conditions.js';

describe('parking occupancy', () => {
  it('never exceeds capacity nor goes below zero, at any hour, weekday, capacity and seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      for (const capacity of [1, 7, 40, 400]) {
        for (let hour = 0; hour < 24; hour += 0.5) {
          for (let weekday = 0; weekday < 7; weekday++) {
            const n = occupiedSpots(capacity, occupancyShare(hour, weekday, 0.5), rng);
            assert.ok(Number.isInteger(n) && n >= 0 && n <= capacity, `${n} of ${capacity}`);
          }
        }
      }
    }
  });

  it('keeps the expected share below 1 even with an event', () => {
    for (let hour = 0; hour < 24; hour++) assert.ok(occupancyShare(hour, 6, 0.5) <= 0.98);
  });

  it('fills weekday car parks in office hours and empties them at night', () => {
    assert.ok(occupancyShare(10, 2) > 0.6);
    assert.ok(occupancyShare(3, 2) < 0.2);
  });

  it('reports a car park through a simulated week within capacity, with consistent counts', () => {
    const capacity = 120;
    const model = lotModel(capacity);
    const rng = createRng(7);
    for (let minute = 0; minute < 7 * 24 * 60; minute += 5) {
      const m = model.step(conditionsAtHour(minute / 60), 5, rng);
      assert.ok(m.occ >= 0 && m.occ <= capacity);
      assert.equal(m.occ + m.free, capacity);
      assert.equal(m.st, parkingStatus(m.occ, capacity));
    }
  });

  it('calls a car park full only when no spot is free', () => {
    assert.equal(parkingStatus(50, 50), 'full');
    assert.equal(parkingStatus(45, 50), 'almostFull');
    assert.equal(parkingStatus(10, 50), 'spacesAvailable');
  });
});
