import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CORE, type StoredEntity } from './model.js';
import { renderFeature, renderGeoJson, type GeoJsonOptions } from './render-geo-json.js';
import { coreTermMapper, DEFAULT_VOCAB } from './term-mapper.js';

const terms = coreTermMapper();
const V = DEFAULT_VOCAB;
const T = '2024-01-01T00:00:00.000Z';
const here = { type: 'Point', coordinates: [105.85, 21.03] };
const there = { type: 'Point', coordinates: [106.7, 10.77] };

const sensor: StoredEntity = {
  id: 'urn:ngsi-ld:Sensor:1',
  types: [`${V}Sensor`],
  createdAt: T,
  modifiedAt: T,
  attrs: {
    [`${CORE}location`]: [
      { type: 'GeoProperty', value: there, datasetId: 'urn:ngsi-ld:Dataset:Old' },
      { type: 'GeoProperty', value: here },
    ],
    [`${V}coverage`]: [{ type: 'GeoProperty', value: there }],
    [`${V}pm25`]: [{ type: 'Property', value: 38, unitCode: 'GQ' }],
  },
};
const unplaced: StoredEntity = { ...sensor, id: 'urn:ngsi-ld:Sensor:2', attrs: {} };

const opts: GeoJsonOptions = { format: 'keyValues', sysAttrs: false, geoproperty: `${CORE}location` };

describe('renderGeoJson', () => {
  it('renders entities as a FeatureCollection of Features with id, geometry and properties', () => {
    assert.deepEqual(renderGeoJson([sensor, unplaced], terms, opts), {
      type: 'FeatureCollection',
      features: [
        {
          id: 'urn:ngsi-ld:Sensor:1',
          type: 'Feature',
          geometry: here,
          properties: {
            type: 'Sensor',
            location: { dataset: { 'urn:ngsi-ld:Dataset:Old': there, '@none': here } },
            coverage: there,
            pm25: 38,
          },
        },
        { id: 'urn:ngsi-ld:Sensor:2', type: 'Feature', geometry: null, properties: { type: 'Sensor' } },
      ],
    });
  });

  it('takes the geometry from the chosen GeoProperty', () => {
    const feature = renderFeature(sensor, terms, { ...opts, geoproperty: `${V}coverage` });
    assert.deepEqual(feature.geometry, there);
  });

  it('takes the geometry from the instance the datasetId option selects', () => {
    const feature = renderFeature(sensor, terms, { ...opts, datasetId: ['urn:ngsi-ld:Dataset:Old'] });
    assert.deepEqual(feature.geometry, there);
  });

  it('renders the properties in the requested format', () => {
    const feature = renderFeature(sensor, terms, { ...opts, format: 'normalized' });
    assert.deepEqual((feature.properties as Record<string, unknown>).pm25, {
      type: 'Property',
      value: 38,
      unitCode: 'GQ',
    });
  });

  it('renders one entity as a Feature, with @context when asked', () => {
    const ctx = 'https://x.org/context.jsonld';
    const one = renderGeoJson([sensor], terms, { ...opts, includeContext: ctx }, true);
    assert.equal(one.type, 'Feature');
    assert.equal(one['@context'], ctx);
  });

  it('puts @context on the collection only', () => {
    const all = renderGeoJson([sensor], terms, { ...opts, includeContext: 'https://x.org/c.jsonld' });
    assert.equal(all['@context'], 'https://x.org/c.jsonld');
    assert.ok(!('@context' in ((all.features as unknown[])[0] as object)));
  });

  it('renders no entities as an empty FeatureCollection', () => {
    assert.deepEqual(renderGeoJson([], terms, opts), { type: 'FeatureCollection', features: [] });
  });
});
