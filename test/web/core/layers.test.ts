import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aqiBand } from '../../../web/ioc/core/aqi.js';
import { colourOf, layerOf, layers } from '../../../web/ioc/core/layers.js';
import { computeKpis } from '../../../web/ioc/core/kpis.js';
import type { Entity } from '../../../web/ioc/core/values.js';

const now = Date.parse('2026-11-22T06:00:00Z');
const status = (e: Entity) => colourOf(e, now).status;

describe('domain layers', () => {
  it('colours air quality by the VN_AQI bands of Decision 1459, limits included', () => {
    const cases: Array<[number, string, string]> = [
      [0, 'good', 'rgb(0,228,0)'],
      [50, 'good', 'rgb(0,228,0)'],
      [51, 'moderate', 'rgb(255,255,0)'],
      [150, 'poor', 'rgb(255,126,0)'],
      [151, 'bad', 'rgb(255,0,0)'],
      [300, 'veryBad', 'rgb(143,63,151)'],
      [301, 'hazardous', 'rgb(126,0,35)'],
    ];
    for (const [aqi, want, rgb] of cases) {
      const e = { id: 'a', type: 'AirQualityObserved', airQualityIndex: aqi };
      assert.deepEqual(colourOf(e, now), { status: want, colour: rgb }, `AQI ${aqi}`);
      assert.equal(aqiBand(aqi).status, want);
    }
  });

  it('derives parking, flood, traffic, light, waste, bus and camera states from their attributes', () => {
    const cases: Array<[Entity, string]> = [
      [{ id: 'p', type: 'OffStreetParking', availableSpotNumber: 0, totalSpotNumber: 10 }, 'full'],
      [{ id: 'p', type: 'OffStreetParking', availableSpotNumber: 5, totalSpotNumber: 100 }, 'almostFull'],
      [{ id: 'p', type: 'OffStreetParking', availableSpotNumber: 50, totalSpotNumber: 100 }, 'free'],
      [{ id: 'p', type: 'ParkingSpot', status: 'occupied' }, 'full'],
      [{ id: 'f', type: 'FloodMonitoring', currentLevel: 0.3, alertLevel: 0.3, dangerLevel: 0.5 }, 'alert'],
      [{ id: 'f', type: 'FloodMonitoring', currentLevel: 0.6, alertLevel: 0.3, dangerLevel: 0.5 }, 'danger'],
      [{ id: 'f', type: 'FloodMonitoring', currentLevel: 0.1, alertLevel: 0.3 }, 'normal'],
      [{ id: 't', type: 'TrafficFlowObserved', averageVehicleSpeed: 50, congested: true }, 'jam'],
      [{ id: 't', type: 'TrafficFlowObserved', averageVehicleSpeed: 20 }, 'slow'],
      [{ id: 'l', type: 'Streetlight', status: 'brokenLantern', powerState: 'on' }, 'fault'],
      [{ id: 'l', type: 'Streetlight', status: 'ok', powerState: 'off' }, 'off'],
      [{ id: 'w', type: 'WasteContainer', fillingLevel: 85 }, 'full'],
      [{ id: 'w', type: 'WasteContainer', fillingLevel: 0.6 }, 'filling'],
      [{ id: 'w', type: 'WasteContainer', fillingLevel: 0.1, status: 'burning' }, 'problem'],
      [{ id: 'b', type: 'Vehicle', serviceStatus: 'broken' }, 'broken'],
      [{ id: 'c', type: 'Camera', on: true, lastEventAt: '2026-11-22T05:50:00Z' }, 'event'],
      [{ id: 'c', type: 'Camera', on: true, lastEventAt: '2026-11-22T05:00:00Z' }, 'idle'],
      [{ id: 'c', type: 'Camera', on: false }, 'offline'],
      [{ id: 'x', type: 'WasteContainer', fillingLevel: 'lots' }, 'unknown'],
      [{ id: 't', type: 'TrafficFlowObserved', congestionLevel: 'heavy', averageVehicleSpeed: 40 }, 'jam'],
      [{ id: 't', type: 'TrafficFlowObserved', congestionLevel: 'moderate' }, 'slow'],
      [{ id: 'b', type: 'Vehicle', speed: 3 }, 'parked'],
      [{ id: 'b', type: 'Vehicle', speed: 20 }, 'onRoute'],
      [{ id: 'c', type: 'Camera', lastEvent: 'wrongWayDriving' }, 'event'],
      [{ id: 'c', type: 'Camera', lastEvent: 'none' }, 'idle'],
    ];
    for (const [e, want] of cases) assert.equal(status(e), want, JSON.stringify(e));
  });

  it('gives every status of every layer a colour and puts each type in one layer', () => {
    for (const l of layers) {
      assert.ok('unknown' in l.colours, l.id);
      for (const t of l.types) assert.equal(layerOf(t)?.id, l.id);
    }
  });

  it('computes the city KPI tiles', () => {
    const k = computeKpis(
      [
        { id: 'p1', type: 'OffStreetParking', availableSpotNumber: 12 },
        { id: 'p2', type: 'ParkingSpot', status: 'free' },
        { id: 't1', type: 'TrafficFlowObserved', averageVehicleSpeed: 20 },
        { id: 't2', type: 'TrafficFlowObserved', averageVehicleSpeed: 40 },
        { id: 'a1', type: 'AirQualityObserved', airQualityIndex: 80, name: 'Quận 1' },
        { id: 'a2', type: 'AirQualityObserved', airQualityIndex: 160, name: 'Thủ Đức' },
        { id: 'f1', type: 'FloodMonitoring', currentLevel: 0.5, alertLevel: 0.3 },
        { id: 'l1', type: 'Streetlight', status: 'defectiveLamp' },
      ],
      now,
    );
    assert.deepEqual(k, {
      freeParking: 13,
      meanSpeed: 30,
      worstAqi: { value: 160, where: 'Thủ Đức' },
      flooded: 1,
      lightsOut: 1,
    });
  });
});
