import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TermMapper } from '../entity/term-mapper.js';
import type { HistoryRow } from './history-repo.js';
import { renderTemporal } from './render-temporal.js';
import { parseTemporalQuery } from './temporal-query.js';

const V = 'https://example.org/';
const terms: TermMapper = {
  expand: (t) => `${V}${t}`,
  compact: (iri) => (iri.startsWith(V) ? iri.slice(V.length) : iri),
};
const T = '2026-01-01T00:00:00.000Z';

function row(n: number, stored: object, more: Partial<HistoryRow> = {}): HistoryRow {
  return {
    entity_id: 'urn:ngsi-ld:Sensor:r1',
    attr: `${V}temperature`,
    instance_id: `urn:ngsi-ld:attribute:instance:${n}`,
    dataset_id: null,
    created_at: T,
    modified_at: T,
    t: T,
    deleted: 0,
    type: (stored as { type: string }).type,
    value: JSON.stringify(stored),
    ...more,
  };
}

/** The rendered temperature instances as JSON text, so that member order counts too. */
function rendered(rows: HistoryRow[], options = ''): string {
  const q = parseTemporalQuery({ options });
  const e = renderTemporal({ id: 'urn:ngsi-ld:Sensor:r1', types: [`${V}Sensor`], rows }, terms, q);
  return JSON.stringify(e.temperature);
}

describe('rendering the temporal representation', () => {
  it('shows a plain Property instance with its members in order, then its instanceId', () => {
    const stored = { value: 21.5, unitCode: 'CEL', type: 'Property', observedAt: T };
    assert.equal(
      rendered([row(1, stored)]),
      JSON.stringify([
        {
          type: 'Property',
          value: 21.5,
          observedAt: T,
          unitCode: 'CEL',
          instanceId: 'urn:ngsi-ld:attribute:instance:1',
        },
      ]),
    );
    const inOrder = { type: 'Property', value: 21.5, observedAt: T, unitCode: 'CEL' };
    assert.equal(rendered([row(1, inOrder)]), rendered([row(1, stored)]));
  });

  it('compacts sub-attributes and the objectType of a Relationship', () => {
    const sub = { type: 'Property', value: 1, sub: { [`${V}accuracy`]: { type: 'Property', value: 0.5 } } };
    const rel = { type: 'Relationship', object: 'urn:ngsi-ld:Room:1', objectType: `${V}Room` };
    assert.equal(
      rendered([row(1, sub), row(2, rel)]),
      JSON.stringify([
        {
          type: 'Property',
          value: 1,
          accuracy: { type: 'Property', value: 0.5 },
          instanceId: 'urn:ngsi-ld:attribute:instance:1',
        },
        {
          type: 'Relationship',
          object: 'urn:ngsi-ld:Room:1',
          objectType: 'Room',
          instanceId: 'urn:ngsi-ld:attribute:instance:2',
        },
      ]),
    );
  });

  it('adds createdAt and modifiedAt with sysAttrs, before the instanceId', () => {
    const stored = { type: 'Property', value: 3, datasetId: 'urn:ngsi-ld:Dataset:a' };
    const r = row(1, stored, {
      dataset_id: 'urn:ngsi-ld:Dataset:a',
      modified_at: '2026-01-02T00:00:00.000Z',
    });
    assert.equal(
      rendered([r], 'sysAttrs'),
      JSON.stringify([
        {
          type: 'Property',
          value: 3,
          datasetId: 'urn:ngsi-ld:Dataset:a',
          createdAt: T,
          modifiedAt: '2026-01-02T00:00:00.000Z',
          instanceId: 'urn:ngsi-ld:attribute:instance:1',
        },
      ]),
    );
  });

  it('gives the values of the simplified representation, a deleted instance as the NGSI-LD Null', () => {
    const rows = [
      row(1, { type: 'Property', value: { a: 1 }, observedAt: T }),
      row(2, { type: 'Property', value: 0 }, { deleted: 1, value: null, t: '2026-01-01T01:00:00.000Z' }),
    ];
    assert.equal(
      rendered(rows, 'temporalValues'),
      JSON.stringify({
        type: 'Property',
        values: [
          [{ a: 1 }, T],
          ['urn:ngsi-ld:null', '2026-01-01T01:00:00.000Z'],
        ],
      }),
    );
  });
});
