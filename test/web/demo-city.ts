// A small demo city for the operator app's tests: a few entities of every domain the map shows,
// around central Ho Chi Minh City, and an hour of history for one air-quality station. Created
// through the NGSI-LD API like any client would.

const AT = [106.7009, 10.7769] as const;
/** A point `i` steps east and `j` steps north of the centre, far enough apart not to cluster at zoom 17. */
const point = (i: number, j: number) => ({
  type: 'Point',
  coordinates: [AT[0] + i * 0.006, AT[1] + j * 0.006],
});

type Attrs = Record<string, unknown>;
const entity = (id: string, type: string, location: unknown, attrs: Attrs) => ({
  id: `urn:ngsi-ld:${type}:${id}`,
  type,
  location: { type: 'GeoProperty', value: location },
  ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { type: 'Property', value: v }])),
});

export const AIR_ID = 'urn:ngsi-ld:AirQualityObserved:ben-thanh';

export function demoEntities(): unknown[] {
  return [
    entity('ben-thanh', 'AirQualityObserved', point(0, 0), {
      name: 'Trạm Bến Thành',
      airQualityIndex: 35,
      pm25: 12,
    }),
    entity('thi-nghe', 'AirQualityObserved', point(2, 2), {
      name: 'Trạm Thị Nghè',
      airQualityIndex: 128,
      pm25: 48,
    }),
    entity('tan-son-nhat', 'AirQualityObserved', point(-3, 3), {
      name: 'Trạm Tân Sơn Nhất',
      airQualityIndex: 178,
      pm25: 75,
    }),
    entity('p1', 'OffStreetParking', point(1, -1), {
      name: 'Bãi xe Lê Lợi',
      availableSpotNumber: 40,
      totalSpotNumber: 120,
    }),
    entity('p2', 'OffStreetParking', point(-1, 1), {
      name: 'Bãi xe Nguyễn Huệ',
      availableSpotNumber: 3,
      totalSpotNumber: 80,
    }),
    entity('p3', 'OffStreetParking', point(2, -2), {
      name: 'Bãi xe Tôn Đức Thắng',
      availableSpotNumber: 0,
      totalSpotNumber: 60,
    }),
    entity('f1', 'FloodMonitoring', point(-2, -1), {
      name: 'Điểm ngập Nguyễn Hữu Cảnh',
      currentLevel: 0.12,
      alertLevel: 0.3,
      dangerLevel: 0.5,
    }),
    entity('f2', 'FloodMonitoring', point(3, -1), {
      name: 'Điểm ngập Huỳnh Tấn Phát',
      currentLevel: 0.42,
      alertLevel: 0.3,
      dangerLevel: 0.5,
    }),
    entity('l1', 'Streetlight', point(0, 2), { name: 'Đèn Hai Bà Trưng 1', status: 'ok', powerState: 'on' }),
    entity('l2', 'Streetlight', point(1, 2), {
      name: 'Đèn Hai Bà Trưng 2',
      status: 'defectiveLamp',
      powerState: 'off',
    }),
    entity('w1', 'WasteContainer', point(-1, -2), {
      name: 'Thùng rác Chợ Bến Thành',
      fillingLevel: 0.35,
      status: 'ok',
    }),
    entity('w2', 'WasteContainer', point(-2, 2), {
      name: 'Thùng rác Công viên Tao Đàn',
      fillingLevel: 0.92,
      status: 'ok',
    }),
    entity('b1', 'Vehicle', point(1, 1), {
      name: 'Xe buýt 03',
      vehicleType: 'bus',
      serviceStatus: 'onRoute',
      speed: 22,
    }),
    entity('c1', 'Camera', point(-1, 0), {
      name: 'Camera Ngã sáu Phù Đổng',
      on: true,
      lastEventAt: new Date().toISOString(),
    }),
    entity(
      't1',
      'TrafficFlowObserved',
      {
        type: 'LineString',
        coordinates: [
          [106.695, 10.762],
          [106.699, 10.765],
          [106.703, 10.769],
        ],
      },
      { name: 'Lê Duẩn', averageVehicleSpeed: 42 },
    ),
    entity(
      't2',
      'TrafficFlowObserved',
      {
        type: 'LineString',
        coordinates: [
          [106.69, 10.765],
          [106.694, 10.768],
        ],
      },
      { name: 'Điện Biên Phủ', averageVehicleSpeed: 9, congested: true },
    ),
  ];
}

/** An hour of AQI readings, one every 5 minutes, ending now. */
export function airHistory(now: number): unknown {
  const values = Array.from({ length: 12 }, (_, i) => ({
    type: 'Property',
    value: 30 + ((i * 7) % 25),
    observedAt: new Date(now - (12 - i) * 5 * 60_000).toISOString(),
  }));
  return { airQualityIndex: values };
}

export interface Client {
  post(path: string, body: unknown): Promise<number>;
}

/** Creates the demo city through the API; throws when the broker refuses any of it. */
export async function seedDemoCity(client: Client, now = Date.now()): Promise<void> {
  const created = await client.post('/ngsi-ld/v1/entityOperations/create', demoEntities());
  if (created !== 201) throw new Error(`batch create answered ${created}`);
  const history = await client.post(
    `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(AIR_ID)}/attrs`,
    airHistory(now),
  );
  if (history !== 204) throw new Error(`history append answered ${history}`);
}
