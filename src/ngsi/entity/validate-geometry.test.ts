import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeGeometry } from './validate-geometry.js';

describe('looksLikeGeometry', () => {
  it('recognises a geometry type with coordinates, not other typed objects', () => {
    assert.ok(looksLikeGeometry({ type: 'Point', coordinates: [0, 0] }));
    assert.ok(looksLikeGeometry({ type: 'GeometryCollection', geometries: [] }));
    assert.ok(!looksLikeGeometry({ type: 'Point' }));
    assert.ok(!looksLikeGeometry({ type: 'PostalAddress', coordinates: [] }));
  });
});
