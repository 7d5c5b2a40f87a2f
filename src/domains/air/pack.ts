// Air: AirQualityObserved stations reporting hourly means of PM2.5, PM10, O3, NO2, SO2 and CO,
// with the hourly VN_AQI (NowCast for PM) computed from the station's own last 12 hours.
import type { Conditions, DomainPack } from '../pack.js';
import type { Rng } from '../rng.js';
import { deviceSpec, jitter, prop, ringCentre, spread } from '../shapes.js';
import { pollutantLevels, type StationFactors } from './pollution.js';
import { hourlyAqi, type HourlyMeans } from './vn-aqi.js';
import { vnAqiBands } from './vn-aqi-table.js';
import { NHA_BE_SENSOR, replayModel, type HourMean } from './replay.js';
import type { CityPack } from '../city/city-pack.js';
import type { DeviceSpec } from '../pack.js';

export const VN_AQI_SCHEME = 'VN_AQI_1459_2019';

function stationModel(factors: StationFactors) {
  let hours: HourlyMeans[] = []; // newest first, the decision's c1, c2, …
  return {
    step(c: Conditions, _dt: number, rng: Rng) {
      const noise = () => Math.exp(rng.normal(0, 0.12));
      if (hours.length === 0) {
        // A station that has been running: 11 earlier hours with the same weather.
        for (let k = 11; k >= 1; k--) {
          hours.unshift(pollutantLevels({ ...c, localHour: (c.localHour - k + 24) % 24 }, factors, noise));
        }
      }
      const now = pollutantLevels(c, factors, noise);
      hours = [now, ...hours].slice(0, 12);
      const aqi = hourlyAqi(hours);
      return {
        ...now,
        t: Math.round((c.temperatureC + rng.normal(0, 0.3)) * 10) / 10,
        rh: Math.round(Math.min(100, 70 + c.rainMmH * 2 + rng.normal(0, 3))),
        ...(aqi === null ? {} : { aqi: aqi.aqi, lvl: aqi.band.level, major: aqi.major }),
      };
    },
  };
}

const airAttrs = [
  ['pm25', 'pm25', 'Number'],
  ['pm10', 'pm10', 'Number'],
  ['o3', 'o3', 'Number'],
  ['no2', 'no2', 'Number'],
  ['so2', 'so2', 'Number'],
  ['co', 'co', 'Number'],
  ['t', 'temperature', 'Number'],
  ['rh', 'relativeHumidity', 'Number'],
  ['aqi', 'airQualityIndex', 'Number'],
  ['lvl', 'airQualityLevel', 'Text'],
  ['major', 'aqiMajorPollutant', 'Text'],
] as const;

/** A station that replays real hourly means (e.g. the shared sensor.community sample). */
export function replayStation(city: CityPack, hours: readonly HourMean[], simStart: number): DeviceSpec {
  return deviceSpec({
    city: city.id,
    type: 'AirQualityObserved',
    local: 'air-replay-nhabe',
    location: NHA_BE_SENSOR,
    intervalMin: 60,
    attrs: airAttrs,
    entity: {
      name: prop('Nhà Bè (sensor.community esp8266-12779556, replay)'),
      dataProvider: prop('Matthias Kreier / Sensor.Community (ODbL 1.0)'),
      airQualityIndexScheme: prop(VN_AQI_SCHEME),
      airQualityIndexAveraging: prop('hourly-nowcast'),
    },
    model: replayModel(hours, simStart),
  });
}

export const airPack: DomainPack = {
  name: 'air',
  entityTypes: ['AirQualityObserved'],
  weight: 0.01,
  styles: [
    {
      domain: 'air',
      entityType: 'AirQualityObserved',
      geometry: 'point',
      property: 'airQualityIndex',
      title: { vi: 'Chất lượng không khí (VN_AQI)', en: 'Air quality (VN_AQI)' },
      bands: vnAqiBands.map((b) => ({ max: b.max, colour: b.colour, label: { vi: b.vi, en: b.en } })),
    },
  ],
  devices(city, count, rng) {
    return spread(city.wards, count, rng).map((ward, i) =>
      deviceSpec({
        city: city.id,
        type: 'AirQualityObserved',
        local: `air-${i + 1}`,
        location: jitter(ringCentre(ward.geometry.coordinates[0] ?? []), rng, 200),
        intervalMin: 60,
        attrs: airAttrs,
        entity: {
          name: prop(`Trạm quan trắc ${ward.properties.name}`),
          typeOfLocation: prop('outdoor'),
          // STANDARDS §1.8: the index scheme beside the index, never EPA names for VN_AQI.
          airQualityIndexScheme: prop(VN_AQI_SCHEME),
          airQualityIndexAveraging: prop('hourly-nowcast'),
        },
        model: stationModel({ traffic: rng.between(0.6, 1.5), background: rng.between(0.8, 1.25) }),
      }),
    );
  },
};
