import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDothiError } from '../../kernel/index.js';
import type { EntityInput, StoredEntity } from './model.js';
import { parseEntity } from './parse-entity.js';
import { renderEntity } from './render-entity.js';
import { coreTermMapper } from './term-mapper.js';

// Every Smart Data Models example (normalized NGSI-LD) is parsed and rendered back. The examples
// listed below are not valid NGSI-LD upstream; they must be refused, and the reason is recorded.

const ROOT = '/work/shared/datamodels';
const terms = coreTermMapper();

const invalidNormalized: Record<string, string> = {
  'dataModel.DCAT-AP/Agent': 'location latitude -149.53 is outside [-90, 90] (coordinates swapped)',
  'dataModel.CallComplaints/ComplaintsCollection': 'DateTime @value without time zone',
  'dataModel.DCAT-AP/Catalogue': "Relationship with 'value' instead of 'object'",
  'dataModel.DCAT-AP/CatalogueRecord': '\'type\' is an object: { "type": { "@type": "Property", … } }',
  'dataModel.DCAT-AP/Distribution': 'location typed Property (§4.7: a GeoProperty)',
  'dataModel.Device/DeviceMeasurement': 'location typed Property (§4.7: a GeoProperty)',
  'dataModel.Energy/ACMeasurement': "DateTime '2020-03-17TT08:45:00Z'",
  'dataModel.Energy/InverterDevice': 'Point coordinates nested one level too deep',
  'dataModel.Energy/SolarEnergy': 'Point coordinates nested one level too deep',
  'dataModel.Environment/AirQualityMonitoring': 'location typed Property (§4.7: a GeoProperty)',
  'dataModel.Environment/FloodMonitoring': "attribute type 'string'",
  'dataModel.Environment/PhreaticObserved': "observedAt '2020-03-17TT08:45:00Z'",
  'dataModel.Environment/WaterObserved': 'Relationship whose object is a date',
  'dataModel.IssueTracking/service_requests': "DateTime '2010-04-15T06:37:38-08:00Z'",
  'dataModel.RiskManagement/Asset': 'Polygon ring not closed',
  'dataModel.RiskManagement/Exposure': 'Polygon ring not closed',
  'dataModel.RiskManagement/Hazard': "Property with 'object'",
  'dataModel.RiskManagement/Mitigation': "Relationship with 'value' instead of 'object'",
  'dataModel.RiskManagement/Risk': "'@id' / '@type' instead of 'id' / 'type'",
  'dataModel.RiskManagement/Vulnerability': "Relationship with 'value' instead of 'object'",
  'dataModel.Transportation/CityWork': "attribute type 'Property ' (trailing space)",
  'dataModel.Transportation/CrowdFlowObserved': 'DateTime @value without time zone',
  'dataModel.Transportation/FareCollectionSystem': 'location typed Property (§4.7: a GeoProperty)',
  'dataModel.Transportation/TrafficFlowObserved': 'DateTime @value without time zone',
  'dataModel.Transportation/TransportStation': "attribute type 'DateTime'",
  'dataModel.WaterQuality/WaterQualityPredicted': 'id is a bare UUID, not a URI',
  'dataModel.Weather/WeatherForecast': 'id is not a URI',
};

interface Example {
  name: string;
  body: Record<string, unknown>;
}

function examples(file: string): Example[] {
  const out: Example[] = [];
  for (const repo of readdirSync(ROOT).sort()) {
    const repoDir = join(ROOT, repo);
    let types: string[];
    try {
      types = readdirSync(repoDir).sort();
    } catch {
      continue;
    }
    for (const type of types) {
      let text: string;
      try {
        text = readFileSync(join(repoDir, type, 'examples', file), 'utf8');
      } catch {
        continue;
      }
      const name = `${repo}/${type}`;
      // Not JSON upstream (see shared/datamodels/SOURCES.md): nothing to parse.
      if (name === 'dataModel.PointOfInterest/PointOfInterest' && file === 'example.jsonld') continue;
      const { '@context': _context, ...body } = JSON.parse(text) as Record<string, unknown>;
      out.push({ name, body });
    }
  }
  return out;
}

function stored(e: EntityInput): StoredEntity {
  return { ...e, createdAt: '2024-01-01T00:00:00.000Z', modifiedAt: '2024-01-02T00:00:00.000Z' };
}

type Json = Record<string, unknown>;

/** The example as the broker gives it back: observedAt in toISOString() form, nothing else changed. */
function canonical(attr: unknown): unknown {
  if (Array.isArray(attr)) return attr.map(canonical);
  const out: Json = {};
  for (const [k, v] of Object.entries(attr as Json)) {
    if (k === 'observedAt') out[k] = new Date(v as string).toISOString();
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'type' in v && k !== 'value') {
      out[k] = canonical(v);
    } else out[k] = v;
  }
  return out;
}

const systemMembers = new Set(['createdAt', 'modifiedAt', 'deletedAt']);

/** System members in a request are ignored (§4.8), so they do not come back. */
function canonicalEntity(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) {
    if (!systemMembers.has(k)) out[k] = k === 'id' || k === 'type' ? v : canonical(v);
  }
  return out;
}

/** The value-only projection: what keyValues shows for each attribute. */
function projection(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) {
    if (systemMembers.has(k)) continue;
    if (k === 'id' || k === 'type') out[k] = v;
    else {
      const inst = v as Json;
      out[k] = inst.type === 'Relationship' ? inst.object : inst.value;
    }
  }
  return out;
}

const normalized = examples('example-normalized.jsonld');
const valid = normalized.filter((x) => invalidNormalized[x.name] === undefined);

describe('Smart Data Models normalized examples', () => {
  it('are all found', () => {
    assert.ok(normalized.length >= 90, `only ${normalized.length} examples found`);
  });

  for (const { name, body } of valid) {
    it(`${name} parses and renders back normalized to the same content`, () => {
      const e = parseEntity(body, terms);
      const out = renderEntity(stored(e), terms, { format: 'normalized', sysAttrs: false });
      assert.deepEqual(out, canonicalEntity(body));
    });

    it(`${name} renders keyValues as the value-only projection`, () => {
      const e = parseEntity(body, terms);
      assert.deepEqual(
        renderEntity(stored(e), terms, { format: 'keyValues', sysAttrs: false }),
        projection(body),
      );
    });

    it(`${name} in concise form parses to the same entity as in normalized form`, () => {
      const e = parseEntity(body, terms);
      const concise = renderEntity(stored(e), terms, { format: 'concise', sysAttrs: false });
      assert.deepEqual(parseEntity(concise, terms), e);
    });
  }

  for (const [name, reason] of Object.entries(invalidNormalized)) {
    it(`${name} is refused as BadRequestData (${reason})`, () => {
      const example = normalized.find((x) => x.name === name);
      assert.ok(example, `${name} not found`);
      assert.throws(
        () => parseEntity(example.body, terms),
        (err) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
      );
    });
  }
});

const invalidKeyValues: Record<string, string> = {
  'dataModel.DCAT-AP/Agent': 'location latitude -149.53 is outside [-90, 90] (coordinates swapped)',
  'dataModel.Transportation/AnprFlowObserved': 'location latitude 168.37 is outside [-90, 90]',
  'dataModel.Transportation/RoadAccident': 'location latitude 168.37 is outside [-90, 90]',
  'dataModel.Energy/InverterDevice': "attribute name 'nominalAmpereAC ' ends with a space",
  'dataModel.RiskManagement/Asset': 'Polygon ring not closed',
  'dataModel.RiskManagement/Exposure':
    'array of objects with "value" reads as a multi-attribute in concise form',
  'dataModel.RiskManagement/Hazard':
    'array of objects with "value" reads as a multi-attribute in concise form',
  'dataModel.RiskManagement/Mitigation': 'Polygon ring not closed',
  'dataModel.RiskManagement/Risk': 'Polygon ring not closed',
  'dataModel.RiskManagement/Vulnerability':
    'array of objects with "value" reads as a multi-attribute in concise form',
  'dataModel.Transportation/TransportStation': "attribute name 'featuredArtist ' ends with a space",
  'dataModel.WaterQuality/WaterQualityPredicted': 'id is a bare UUID, not a URI',
  'dataModel.Weather/WeatherAlert': 'id is not a URI',
  'dataModel.Weather/WeatherForecast': 'id is not a URI',
};

describe('Smart Data Models keyValues examples', () => {
  for (const { name, body } of examples('example.jsonld')) {
    const reason = invalidKeyValues[name];
    if (reason === undefined) {
      it(`${name} parses as concise input, geometries as GeoProperties`, () => {
        const e = parseEntity(body, terms);
        for (const [iri, list] of Object.entries(e.attrs)) {
          const raw = list[0]?.value as Json | undefined;
          const isGeometry = typeof raw?.type === 'string' && Array.isArray(raw.coordinates);
          if (isGeometry) assert.equal(list[0]?.type, 'GeoProperty', iri);
        }
      });
    } else {
      it(`${name} is refused as BadRequestData (${reason})`, () => {
        assert.throws(
          () => parseEntity(body, terms),
          (err) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
        );
      });
    }
  }
});
