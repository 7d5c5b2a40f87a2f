// The domain packs' door: the city pack, each domain's types, derived values, map styling and
// device simulator models.
export { loadCityPack, defaultCityDir } from './city/city-pack.js';
export type { CityPack, Agency, Feature, LngLat } from './city/city-pack.js';
export { cityEntities, areaEntities, agencyEntities, roadEntities } from './city/city-entities.js';
export { domainNames } from './pack.js';
export type {
  Conditions,
  DeviceModel,
  DeviceSpec,
  DomainName,
  DomainPack,
  LayerStyle,
  MeasureAttr,
  NgsiEntity,
  StyleBand,
} from './pack.js';
export { domainPacks, domainStyles, deviceCounts, cityDevices } from './packs.js';
export { createRng, hashSeed } from './rng.js';
export type { Rng } from './rng.js';
export { localTime, HCMC_UTC_OFFSET_MIN } from './local-time.js';
export { hourlyAqi, nowcast, subIndex, roundHalfUp } from './air/vn-aqi.js';
export type { HourlyMeans, VnAqiResult } from './air/vn-aqi.js';
export { dailyAqi, eightHourMeans } from './air/vn-aqi-daily.js';
export { vnAqiBands, vnAqiBand, vnAqiPollutants, breakpoints } from './air/vn-aqi-table.js';
export type { VnAqiBand, VnAqiPollutant } from './air/vn-aqi-table.js';
export { VN_AQI_SCHEME } from './air/pack.js';
export { sunTimes, isDark } from './energy/sun.js';
export { stepFlood, floodStatus } from './flood/level.js';
export type { FloodSite, FloodState } from './flood/level.js';
export { parseSensorCommunityCsv, hourlyMeansOf } from './air/replay.js';
export type { SensorReading, HourMean } from './air/replay.js';
export { replayStation } from './air/pack.js';
