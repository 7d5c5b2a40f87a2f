import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { registerGeoFunctions } from './geo-functions.js';

const db = new Database(':memory:');
registerGeoFunctions(db);
const value = (sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params);

const square = JSON.stringify({
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ],
  ],
});
const inside = JSON.stringify({ type: 'Point', coordinates: [1, 1] });

describe('SQLite geo functions', () => {
  it('geo_relate answers 1 or 0 for shape-relation-query', () => {
    assert.equal(value('SELECT geo_relate(?, ?, ?)', 'within', inside, square), 1);
    assert.equal(value('SELECT geo_relate(?, ?, ?)', 'contains', inside, square), 0);
  });

  it('geo_distance gives metres between the nearest points', () => {
    const d = value(
      'SELECT geo_distance(?, ?)',
      JSON.stringify({ type: 'Point', coordinates: [0, 3] }),
      square,
    );
    assert.ok(Math.abs((d as number) - 111195) < 5);
  });

  it('answers no match rather than failing the query on malformed input', () => {
    assert.equal(value('SELECT geo_relate(?, ?, ?)', 'within', '{not json', square), 0);
    assert.equal(value('SELECT geo_relate(?, ?, ?)', 'touches', inside, square), 0);
    assert.equal(value('SELECT geo_distance(?, ?)', null, square), null);
  });
});
