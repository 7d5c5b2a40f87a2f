import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bundledContextUrls, coreContextUrl, createContextResolver } from './index.js';
import { noNetwork, rejectsWithCode } from './testing.js';

const ngsi = 'https://uri.etsi.org/ngsi-ld/';
const parking = 'https://raw.githubusercontent.com/smart-data-models/dataModel.Parking/master/context.jsonld';
const sdm = 'https://smartdatamodels.org/dataModel.Parking/';

const offline = () =>
  createContextResolver({
    fetchEnabled: true,
    timeoutMs: 1000,
    maxBytes: 1 << 20,
    cacheTtlS: 60,
    fetchImpl: noNetwork,
  });

const coreTerms = Object.keys(
  JSON.parse(
    readFileSync(new URL('./bundled/core/ngsi-ld-core-context-v1.8.jsonld', import.meta.url), 'utf8'),
  )['@context'] as Record<string, unknown>,
).filter((t) => !t.startsWith('@'));

describe('bundled contexts', () => {
  it('resolves every bundled context without touching the network', async () => {
    const resolver = offline();
    for (const url of bundledContextUrls()) {
      const context = await resolver.resolve(url);
      assert.equal(context.expand('location'), `${ngsi}location`, url);
    }
  });

  it('expands Smart Data Models Parking terms from the raw GitHub and github.io URLs alike', async () => {
    const resolver = offline();
    for (const url of [parking, 'https://smart-data-models.github.io/dataModel.Parking/context.jsonld']) {
      const context = await resolver.resolve(url);
      assert.equal(context.expand('availableSpotNumber'), `${sdm}availableSpotNumber`);
      assert.equal(context.expand('OffStreetParking'), `${sdm}OffStreetParking`);
    }
  });

  it('serves the legacy FIWARE data-models URL with the combined Smart Data Models context', async () => {
    const resolver = offline();
    const legacy = await resolver.resolve('https://fiware.github.io/data-models/context.jsonld');
    const combined = await resolver.resolve('https://smartdatamodels.org/context.jsonld');
    for (const term of ['temperature', 'name', 'refDevice'])
      assert.equal(legacy.expand(term), combined.expand(term));
  });

  it('accepts the two upstream contexts that need an in-memory repair', async () => {
    const resolver = offline();
    const old = await resolver.resolve([
      'https://raw.githubusercontent.com/smart-data-models/dataModel.IssueTracking/master/context.jsonld',
    ]);
    assert.equal(old.expand('location'), `${ngsi}location`);
  });
});

describe('the core context', () => {
  it('is available synchronously and echoes the v1.8 core URL', () => {
    const core = offline().core();
    assert.equal(core.value, coreContextUrl);
    assert.equal(core.linkUrl, coreContextUrl);
    assert.equal(core.expand('observedAt'), `${ngsi}observedAt`);
  });

  it('round-trips every core term, whatever its type coercion or container', () => {
    const core = offline().core();
    for (const term of coreTerms) {
      const iri = core.expand(term);
      // "id" and "type" are aliases of @id and @type.
      assert.equal(core.compact(iri), term, `${term} → ${iri}`);
    }
    for (const [term, iri] of [
      ['location', `${ngsi}location`],
      ['observedAt', `${ngsi}observedAt`],
      ['Property', `${ngsi}Property`],
      ['Relationship', `${ngsi}Relationship`],
      ['GeoProperty', `${ngsi}GeoProperty`],
      ['unitCode', `${ngsi}unitCode`],
      ['Point', 'https://purl.org/geojson/vocab#Point'],
    ]) {
      assert.equal(core.expand(term ?? ''), iri);
    }
  });

  it('is what an undefined or null @context resolves to', async () => {
    const resolver = offline();
    assert.equal(await resolver.resolve(undefined), resolver.core());
    assert.equal(await resolver.resolve([]), resolver.core());
  });
});

describe('expansion and compaction', () => {
  it('puts unknown terms under the default vocabulary and compacts them back to the bare term', async () => {
    const context = await offline().resolve(parking);
    const iri = context.expand('myUnknownAttr');
    assert.equal(iri, `${ngsi}default-context/myUnknownAttr`);
    assert.equal(context.compact(iri), 'myUnknownAttr');
  });

  it('expands compact IRIs with a known prefix and passes absolute IRIs through', async () => {
    const context = await offline().resolve({ ex: 'http://example.org/ns#' });
    assert.equal(context.expand('ex:speed'), 'http://example.org/ns#speed');
    assert.equal(context.compact('http://example.org/ns#speed'), 'ex:speed');
    assert.equal(context.expand('ngsi-ld:foo'), `${ngsi}foo`);
    assert.equal(context.compact(`${ngsi}foo`), 'ngsi-ld:foo');
    assert.equal(context.expand('urn:ngsi-ld:Thing:1'), 'urn:ngsi-ld:Thing:1');
    assert.equal(context.expand('http://other.org/a'), 'http://other.org/a');
    assert.equal(context.compact('http://other.org/a'), 'http://other.org/a');
  });

  it('round-trips Smart Data Models terms', async () => {
    const context = await offline().resolve(parking);
    for (const term of [
      'availableSpotNumber',
      'OffStreetParking',
      'totalSpotNumber',
      'occupancyDetectionType',
    ]) {
      assert.equal(context.compact(context.expand(term)), term);
    }
    assert.equal(context.compact(`${sdm}availableSpotNumber`), 'availableSpotNumber');
  });

  it('lets a user context override nothing in the core, even with @protected terms', async () => {
    const resolver = offline();
    const plain = await resolver.resolve({
      location: 'http://example.org/myLocation',
      speed: 'http://example.org/speed',
    });
    assert.equal(plain.expand('location'), `${ngsi}location`);
    assert.equal(plain.expand('speed'), 'http://example.org/speed');
    const guarded = await resolver.resolve({
      '@version': 1.1,
      '@protected': true,
      observedAt: 'http://example.org/when',
    });
    assert.equal(guarded.expand('observedAt'), `${ngsi}observedAt`);
  });

  it('drops core context URLs of any version from the user context and appends the broker core', async () => {
    const context = await offline().resolve([
      parking,
      'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
    ]);
    assert.deepEqual(context.value, [parking, coreContextUrl]);
    assert.equal(context.linkUrl, parking);
  });
});

describe('the resolver cache', () => {
  it('returns the same ActiveContext object when the same context is resolved twice', async () => {
    const resolver = offline();
    const first = await resolver.resolve(parking);
    assert.equal(await resolver.resolve(parking), first);
    assert.equal(await resolver.resolve([parking]), first);
    const inline = { speed: 'http://example.org/speed' };
    assert.equal(await resolver.resolve(inline), await resolver.resolve({ ...inline }));
  });

  it('shares one build between concurrent resolutions of one context', async () => {
    const resolver = offline();
    const [a, b] = await Promise.all([resolver.resolve(parking), resolver.resolve(parking)]);
    assert.equal(a, b);
  });

  it('gives a Link URL only for a single URL context', async () => {
    const resolver = offline();
    assert.equal((await resolver.resolve(parking)).linkUrl, parking);
    const inline = await resolver.resolve([parking, { speed: 'http://example.org/speed' }]);
    assert.equal(inline.linkUrl, undefined);
    assert.deepEqual(inline.value, [parking, { speed: 'http://example.org/speed' }, coreContextUrl]);
  });
});

describe('invalid contexts', () => {
  it('answers BadRequestData for a context that is not valid JSON-LD', async () => {
    const resolver = offline();
    await rejectsWithCode(resolver.resolve({ speed: 42 }), 'BAD_REQUEST_DATA');
    await rejectsWithCode(resolver.resolve({ 'ex:a': 'http://example.org/b' }), 'BAD_REQUEST_DATA');
  });

  it('answers BadRequestData for entries that are neither absolute URLs nor objects', async () => {
    const resolver = offline();
    await rejectsWithCode(resolver.resolve('not a url'), 'BAD_REQUEST_DATA');
    await rejectsWithCode(resolver.resolve([42] as unknown as string[]), 'BAD_REQUEST_DATA');
  });

  it('answers LdContextNotAvailable when fetching is disabled and the context is neither bundled nor hosted', async () => {
    const resolver = createContextResolver({
      fetchEnabled: false,
      timeoutMs: 1000,
      maxBytes: 1 << 20,
      cacheTtlS: 60,
      fetchImpl: noNetwork,
    });
    await rejectsWithCode(resolver.resolve('https://example.org/ctx.jsonld'), 'LD_CONTEXT_NOT_AVAILABLE');
    assert.equal(
      (await resolver.resolve(parking)).expand('availableSpotNumber'),
      `${sdm}availableSpotNumber`,
    );
  });
});
