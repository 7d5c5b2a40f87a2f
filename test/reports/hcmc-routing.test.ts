import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCityPack } from '../../src/domains/index.js';
import { cityJurisdictionPack, createJurisdictions } from '../../src/reports/index.js';

// The demo city's real geography (cities/hcmc, © OpenStreetMap contributors, ODbL) routes reports.

describe('routing over the HCMC city pack', () => {
  const hcmc = createJurisdictions([cityJurisdictionPack(loadCityPack())]).get(undefined);
  const at = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] });
  const benThanh = at(106.698, 10.7725); // Bến Thành market, District 1
  const phuNhuan = at(106.6785, 10.7995); // Phú Nhuận

  it('is the default jurisdiction, with bilingual categories and Vietnamese working days', () => {
    assert.equal(hcmc.id, 'hcmc');
    assert.ok(hcmc.services.length >= 8);
    assert.ok(hcmc.services.every((s) => typeof s.service_name_en === 'string'));
    assert.equal(hcmc.calendar.isWorkingDay('2026-09-02'), false);
  });

  it("sends a pothole to the People's Committee of the district that holds it, with its ward", () => {
    const r = hcmc.route('road-damage', benThanh);
    assert.equal(r.agency?.id, 'ubnd-quan-1');
    assert.match(r.ward?.id ?? '', /^quan-1-/);
    assert.equal(hcmc.route('road-damage', phuNhuan).agency?.id, 'ubnd-quan-phu-nhuan');
  });

  it('sends city-wide categories to the city department, wherever they are', () => {
    assert.equal(hcmc.route('flooding', benThanh).agency?.id, 'construction');
    assert.equal(hcmc.route('traffic-signal', phuNhuan).agency?.id, 'transport');
  });

  it("falls back to the city department outside every district, and escalates to the city People's Committee", () => {
    assert.equal(hcmc.route('road-damage', at(107.5, 11.5)).agency?.id, 'transport');
    assert.equal(hcmc.agency('ubnd-quan-1')?.supervisor, 'ubnd-hcmc');
    assert.equal(hcmc.agency('construction')?.supervisor, 'ubnd-hcmc');
  });
});
