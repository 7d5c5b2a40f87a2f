import type { Lang } from './i18n.js';

// Human names and units of the attributes the layers show (Smart Data Models names). An attribute
// not listed gets its name split into words; a raw IRI is never shown.
interface Label {
  vi: string;
  en: string;
  unit?: string;
}

const labels: Record<string, Label> = {
  name: { vi: 'Tên', en: 'Name' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  status: { vi: 'Trạng thái', en: 'Status' },
  availableSpotNumber: { vi: 'Chỗ trống', en: 'Free spaces', unit: '' },
  totalSpotNumber: { vi: 'Tổng số chỗ', en: 'Total spaces', unit: '' },
  occupancy: { vi: 'Tỷ lệ lấp đầy', en: 'Occupancy', unit: '%' },
  airQualityIndex: { vi: 'Chỉ số VN_AQI', en: 'VN_AQI', unit: '' },
  pm25: { vi: 'Bụi PM2.5', en: 'PM2.5', unit: 'µg/m³' },
  pm10: { vi: 'Bụi PM10', en: 'PM10', unit: 'µg/m³' },
  no2: { vi: 'NO₂', en: 'NO₂', unit: 'µg/m³' },
  o3: { vi: 'O₃', en: 'O₃', unit: 'µg/m³' },
  co: { vi: 'CO', en: 'CO', unit: 'µg/m³' },
  so2: { vi: 'SO₂', en: 'SO₂', unit: 'µg/m³' },
  temperature: { vi: 'Nhiệt độ', en: 'Temperature', unit: '°C' },
  relativeHumidity: { vi: 'Độ ẩm', en: 'Humidity', unit: '%' },
  currentLevel: { vi: 'Mực nước', en: 'Water level', unit: 'm' },
  alertLevel: { vi: 'Ngưỡng báo động', en: 'Alert level', unit: 'm' },
  dangerLevel: { vi: 'Ngưỡng nguy hiểm', en: 'Danger level', unit: 'm' },
  averageVehicleSpeed: { vi: 'Tốc độ trung bình', en: 'Mean speed', unit: 'km/h' },
  intensity: { vi: 'Lưu lượng', en: 'Vehicles', unit: 'xe/h' },
  congested: { vi: 'Ùn tắc', en: 'Congested' },
  powerState: { vi: 'Nguồn', en: 'Power' },
  illuminanceLevel: { vi: 'Độ sáng', en: 'Light level', unit: '%' },
  powerConsumption: { vi: 'Công suất', en: 'Power', unit: 'W' },
  fillingLevel: { vi: 'Mức đầy', en: 'Fill level', unit: '%' },
  speed: { vi: 'Tốc độ', en: 'Speed', unit: 'km/h' },
  serviceStatus: { vi: 'Tình trạng', en: 'Service' },
  vehiclePlateIdentifier: { vi: 'Biển số', en: 'Plate' },
  lastEvent: { vi: 'Sự kiện gần nhất', en: 'Last event' },
  lastEventAt: { vi: 'Thời điểm sự kiện', en: 'Event time' },
  eventCount: { vi: 'Số sự kiện', en: 'Events', unit: '' },
  dateObserved: { vi: 'Thời điểm đo', en: 'Observed' },
};

/** Fractions (0..1) shown as percentages. */
const percentOfFraction = new Set(['occupancy', 'fillingLevel', 'illuminanceLevel']);

/** "averageVehicleSpeed" → "Average vehicle speed". */
function words(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

export function labelOf(lang: Lang, attr: string): string {
  return labels[attr]?.[lang] ?? words(attr);
}

export function unitOf(attr: string): string {
  return labels[attr]?.unit ?? '';
}

/** A value for display, with its unit; objects (addresses) by their text parts. */
export function formatValue(lang: Lang, attr: string, value: unknown): string {
  if (typeof value === 'number') {
    const v = percentOfFraction.has(attr) && value <= 1 ? value * 100 : value;
    const text = v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
    const unit = unitOf(attr);
    return unit === '' ? text : `${text} ${unit}`;
  }
  if (typeof value === 'boolean')
    return value ? (lang === 'vi' ? 'có' : 'yes') : lang === 'vi' ? 'không' : 'no';
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.values(value as Record<string, unknown>)
      .filter((v) => typeof v === 'string')
      .join(', ');
  }
  return JSON.stringify(value);
}

/** Attributes shown in the panel: everything but the id, type and geometry. */
export function shownAttributes(e: Record<string, unknown>): string[] {
  return Object.keys(e).filter((k) => k !== 'id' && k !== 'type' && k !== 'location' && k !== '@context');
}
