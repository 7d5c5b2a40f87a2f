// Smart Data Models through HTTP, on every store: every normalized example is created as
// application/ld+json with its own @context, read back normalized and as keyValues with that
// context, and compared with the input. The examples that are not valid NGSI-LD upstream are refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { isBundledContextUrl, isCoreContextUrl } from '../../src/ngsi/context/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ROOT = '/work/shared/datamodels';
const ENTITIES = '/ngsi-ld/v1/entities';
const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
const REL = 'http://www.w3.org/ns/json-ld#context';
// The combined Smart Data Models context, bundled, holds the terms of every SDM repository. It
// stands in for the repository contexts dothi does not bundle (CallComplaints, DCAT-AP,
// RiskManagement, WaterQuality), so that nothing is fetched.
const SDM_COMBINED = 'https://smartdatamodels.org/context.jsonld';

type Json = Record<string, unknown>;

/**
 * The examples that are invalid NGSI-LD upstream, read from the unit test that records why
 * (src/ngsi/entity/parse-examples.test.ts, `invalidNormalized`), so the two never disagree.
 */
function invalidExamples(): Set<string> {
  const text = readFileSync(new URL('../../src/ngsi/entity/parse-examples.test.ts', import.meta.url), 'utf8');
  const block = /const invalidNormalized[^{]*\{([\s\S]*?)\n\};/.exec(text)?.[1] ?? '';
  const names = new Set([...block.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]!));
  assert.ok(names.size >= 20, `read only ${names.size} invalid examples from parse-examples.test.ts`);
  return names;
}

interface Example {
  name: string;
  /** The example as sent: its own @context, with unbundled URLs replaced by SDM_COMBINED. */
  body: Json;
  /** The user @context URLs (core dropped), for the Link header of reads. */
  contextUrls: string[];
}

function userContext(value: unknown): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const urls = list.map((u) => (typeof u === 'string' && isBundledContextUrl(u) ? u : SDM_COMBINED));
  const user = [...new Set(urls.filter((u) => !isCoreContextUrl(u)))];
  return user.length === 0 ? [SDM_COMBINED] : user;
}

function loadExamples(): Example[] {
  const out: Example[] = [];
  for (const repo of readdirSync(ROOT).sort()) {
    let types: string[];
    try {
      types = readdirSync(join(ROOT, repo)).sort();
    } catch {
      continue;
    }
    for (const type of types) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, repo, type, 'examples', 'example-normalized.jsonld'), 'utf8');
      } catch {
        continue;
      }
      const { '@context': context, ...entity } = JSON.parse(text) as Json;
      const contextUrls = userContext(context);
      out.push({ name: `${repo}/${type}`, body: { ...entity, '@context': contextUrls }, contextUrls });
    }
  }
  return out;
}

const systemMembers = new Set(['createdAt', 'modifiedAt', 'deletedAt', '@context']);

/** The input as the broker gives it back: system members ignored (§4.8), observedAt as toISOString(). */
function canonical(value: unknown, key = ''): unknown {
  if (key === 'observedAt' && typeof value === 'string') return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (typeof value !== 'object' || value === null || key === 'value' || key === 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) if (!systemMembers.has(k)) out[k] = canonical(v, k);
  return out;
}

/** The value of one attribute instance in keyValues (§4.5.4). */
function simplified(attr: Json): unknown {
  switch (attr.type) {
    case 'Relationship':
      return attr.object;
    case 'LanguageProperty':
      return { languageMap: attr.languageMap };
    case 'VocabProperty':
      return attr.vocab;
    case 'ListProperty':
      return attr.valueList;
    case 'ListRelationship':
      return attr.objectList;
    case 'JsonProperty':
      return attr.json;
    default:
      return attr.value;
  }
}

function keyValues(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) {
    if (systemMembers.has(k)) continue;
    out[k] = k === 'id' || k === 'type' || k === 'scope' ? v : simplified(v as Json);
  }
  return out;
}

const invalid = invalidExamples();
const examples = loadExamples();
const valid = examples.filter((x) => !invalid.has(x.name));
const refused = examples.filter((x) => invalid.has(x.name));

const ld = { 'content-type': 'application/ld+json' };
const linkTo = (url: string) => ({ link: `<${url}>; rel="${REL}"; type="application/ld+json"` });

function status(res: LightMyRequestResponse, expected: number, what: string): LightMyRequestResponse {
  assert.equal(res.statusCode, expected, `${what}: ${res.body}`);
  return res;
}

for (const name of storeNames()) {
  describe(`Smart Data Models examples over HTTP (${name})`, () => {
    let t: TestApp;
    /** The Link header URL for each distinct user @context: its URL, or a hosted copy of a list. */
    const contextUrl = new Map<string, string>();

    before(async () => {
      t = await makeTestApp(name, { DOTHI_CONTEXT_FETCH: 'false' });
      for (const { contextUrls } of examples) {
        const key = JSON.stringify(contextUrls);
        if (contextUrl.has(key)) continue;
        if (contextUrls.length === 1) {
          contextUrl.set(key, contextUrls[0]!);
          continue;
        }
        const hosted = status(
          await t.post('/ngsi-ld/v1/jsonldContexts', { '@context': contextUrls }),
          201,
          key,
        );
        contextUrl.set(key, String(hosted.headers.location));
      }
    });
    after(async () => t.dispose());

    const linkFor = (x: Example) => linkTo(contextUrl.get(JSON.stringify(x.contextUrls))!);

    it('finds the examples, and every listed invalid one among them', () => {
      assert.ok(examples.length >= 90, `only ${examples.length} examples`);
      for (const n of invalid)
        assert.ok(
          refused.some((x) => x.name === n),
          `${n} not found`,
        );
    });

    it('creates every valid example in one application/ld+json batch, each with its own @context', async () => {
      const res = status(
        await t.post(
          '/ngsi-ld/v1/entityOperations/create',
          valid.map((x) => x.body),
          { headers: ld },
        ),
        201,
        'batch create',
      );
      assert.deepEqual([...(res.json() as string[])].sort(), valid.map((x) => String(x.body.id)).sort());
    });

    for (const x of valid) {
      it(`${x.name} reads back normalized, with its @context, as it was written`, async () => {
        const id = encodeURIComponent(String(x.body.id));
        const res = status(
          await t.get(`${ENTITIES}/${id}`, { headers: { ...linkFor(x), accept: 'application/ld+json' } }),
          200,
          x.name,
        );
        const { '@context': context, ...entity } = res.json() as Json;
        assert.deepEqual(context, [contextUrl.get(JSON.stringify(x.contextUrls)), CORE]);
        assert.deepEqual(entity, canonical(x.body));
      });

      it(`${x.name} reads back as keyValues: the value of each attribute`, async () => {
        const id = encodeURIComponent(String(x.body.id));
        const res = status(
          await t.get(`${ENTITIES}/${id}?options=keyValues`, { headers: linkFor(x) }),
          200,
          x.name,
        );
        assert.deepEqual(res.json(), keyValues(x.body));
      });
    }

    for (const x of refused) {
      it(`${x.name} is refused with 400 and not stored`, async () => {
        const res = await t.post(ENTITIES, x.body, { headers: ld });
        status(res, 400, x.name);
        assert.equal((res.json() as Json).code, 'BAD_REQUEST_DATA');
        const id = typeof x.body.id === 'string' ? x.body.id : undefined;
        if (id !== undefined && URL.canParse(id)) {
          status(await t.get(`${ENTITIES}/${encodeURIComponent(id)}`), 404, x.name);
        }
      });
    }

    it('refuses each invalid example inside a batch, creating none of them', async () => {
      const res = status(
        await t.post(
          '/ngsi-ld/v1/entityOperations/create',
          refused.map((x) => x.body),
          { headers: ld },
        ),
        207,
        'batch of invalid examples',
      );
      const body = res.json() as { success: string[]; errors: Array<{ error: Json }> };
      assert.deepEqual(body.success, []);
      assert.equal(body.errors.length, refused.length);
      for (const e of body.errors) assert.equal(e.error.code, 'BAD_REQUEST_DATA');
    });
  });
}
