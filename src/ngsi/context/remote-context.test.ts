import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fixedClock } from '../../kernel/index.js';
import { createContextResolver, createMemoryContextRegistry } from './index.js';
import type { ContextResolverOptions } from './index.js';
import { rejectsWithCode } from './testing.js';
import { isPrivateAddress } from './guarded-fetch.js';

const body = JSON.stringify({ '@context': { speed: 'http://example.org/speed' } });

// A context server on 127.0.0.1, with one route per behaviour under test; `hits` counts requests.
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ctx.jsonld': (_req, res) => res.writeHead(200, { 'content-type': 'application/ld+json' }).end(body),
  '/github-raw.jsonld': (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body),
  '/slow.jsonld': (_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), 2000).unref();
  },
  '/big-declared.jsonld': (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(' '.repeat(5000)),
  '/big-chunked.jsonld': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"@context": {"a": "http://example.org/');
    res.end(`${'a'.repeat(5000)}"}}`);
  },
  '/html.jsonld': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
  '/not-json.jsonld': (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"@context": '),
  '/array.jsonld': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[1, 2]'),
  '/missing.jsonld': (_req, res) => res.writeHead(404).end(),
  '/redirect.jsonld': (_req, res) => res.writeHead(302, { location: '/ctx.jsonld' }).end(),
  '/to-localhost.jsonld': (req, res) =>
    res.writeHead(302, { location: `http://localhost:${req.socket.localPort}/ctx.jsonld` }).end(),
};

let server: Server;
let origin = '';
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => hits.clear());

const resolver = (overrides: Partial<ContextResolverOptions> = {}) =>
  createContextResolver({
    fetchEnabled: true,
    timeoutMs: 1000,
    maxBytes: 1000,
    cacheTtlS: 60,
    privateHosts: ['127.0.0.1'],
    ...overrides,
  });

describe('remote contexts', () => {
  it('fetches a remote context once and then serves it from the cache', async () => {
    const r = resolver();
    const url = `${origin}/ctx.jsonld`;
    const first = await r.resolve(url);
    assert.equal(first.expand('speed'), 'http://example.org/speed');
    await r.resolve(url);
    await r.resolve([url, { other: 'http://example.org/other' }]);
    await Promise.all([
      r.resolve([url, { a: 'http://example.org/a' }]),
      r.resolve([url, { b: 'http://example.org/b' }]),
    ]);
    assert.equal(hits.get('/ctx.jsonld'), 1);
  });

  it('fetches again once the cache TTL has passed', async () => {
    const clock = fixedClock(Date.parse('2026-01-01T00:00:00Z'));
    const registry = createMemoryContextRegistry(clock);
    const r = resolver({ clock, registry, cacheTtlS: 10 });
    const url = `${origin}/ctx.jsonld`;
    const first = await r.resolve(url);
    clock.advance(9_000);
    assert.equal(await r.resolve(url), first);
    clock.advance(2_000);
    assert.notEqual(await r.resolve(url), first);
    assert.equal(hits.get('/ctx.jsonld'), 2);
  });

  it('keeps nothing downloaded when the TTL is 0', async () => {
    const r = resolver({ cacheTtlS: 0 });
    await r.resolve(`${origin}/ctx.jsonld`);
    await r.resolve(`${origin}/ctx.jsonld`);
    assert.equal(hits.get('/ctx.jsonld'), 2);
  });

  it('accepts text/plain bodies that are JSON, as raw.githubusercontent.com serves them', async () => {
    const context = await resolver().resolve(`${origin}/github-raw.jsonld`);
    assert.equal(context.expand('speed'), 'http://example.org/speed');
  });

  it('follows redirects', async () => {
    const context = await resolver().resolve(`${origin}/redirect.jsonld`);
    assert.equal(context.expand('speed'), 'http://example.org/speed');
  });

  it('answers LdContextNotAvailable when the server is slower than the timeout', async () => {
    // The server would answer, correctly, after 2 s: a rejection means the timeout fired first.
    await rejectsWithCode(
      resolver({ timeoutMs: 150 }).resolve(`${origin}/slow.jsonld`),
      'LD_CONTEXT_NOT_AVAILABLE',
    );
  });

  it('answers LdContextNotAvailable for a body over the size limit, declared or streamed', async () => {
    await rejectsWithCode(resolver().resolve(`${origin}/big-declared.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
    await rejectsWithCode(resolver().resolve(`${origin}/big-chunked.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
  });

  it('answers LdContextNotAvailable for a body that is not JSON', async () => {
    await rejectsWithCode(resolver().resolve(`${origin}/not-json.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
    await rejectsWithCode(resolver().resolve(`${origin}/html.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
  });

  it('answers BadRequestData for JSON that is not a context document', async () => {
    await rejectsWithCode(resolver().resolve(`${origin}/array.jsonld`), 'BAD_REQUEST_DATA');
  });

  it('answers LdContextNotAvailable for an error status, an unknown host or a non-http URL', async () => {
    await rejectsWithCode(resolver().resolve(`${origin}/missing.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
    await rejectsWithCode(
      resolver().resolve('http://no-such-host.invalid/ctx.jsonld'),
      'LD_CONTEXT_NOT_AVAILABLE',
    );
    await rejectsWithCode(resolver().resolve('ftp://127.0.0.1/ctx.jsonld'), 'LD_CONTEXT_NOT_AVAILABLE');
  });

  it('does not cache failures', async () => {
    const r = resolver();
    await rejectsWithCode(r.resolve(`${origin}/missing.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
    await rejectsWithCode(r.resolve(`${origin}/missing.jsonld`), 'LD_CONTEXT_NOT_AVAILABLE');
    assert.equal(hits.get('/missing.jsonld'), 2);
  });

  it('answers LdContextNotAvailable without a request when fetching is disabled', async () => {
    await rejectsWithCode(
      resolver({ fetchEnabled: false }).resolve(`${origin}/ctx.jsonld`),
      'LD_CONTEXT_NOT_AVAILABLE',
    );
    assert.equal(hits.size, 0);
  });

  it('lists a downloaded context as Cached, counting its uses', async () => {
    const registry = createMemoryContextRegistry(fixedClock(Date.parse('2026-01-01T00:00:00Z')));
    const r = resolver({ registry });
    const url = `${origin}/ctx.jsonld`;
    await r.resolve(url);
    await r.resolve(url);
    const [meta] = await registry.listDetails({ kind: 'Cached' }).then((l) => l.filter((m) => m.URL === url));
    assert.equal(meta?.kind, 'Cached');
    assert.equal(meta?.numberOfHits, 2);
    assert.equal(meta?.timestamp, '2026-01-01T00:00:00.000Z');
  });

  it('reloads a Cached context on delete with reload, fetching it again', async () => {
    const registry = createMemoryContextRegistry(fixedClock(0));
    const r = resolver({ registry });
    const url = `${origin}/ctx.jsonld`;
    const first = await r.resolve(url);
    await registry.delete(url, { reload: true });
    assert.equal(hits.get('/ctx.jsonld'), 2);
    assert.ok((await registry.list({ kind: 'Cached' })).includes(url));
    assert.notEqual(await r.resolve(url), first);
    assert.equal(hits.get('/ctx.jsonld'), 2);
  });

  it('evicts a Cached context on delete, so the next use downloads it again', async () => {
    const registry = createMemoryContextRegistry(fixedClock(0));
    const r = resolver({ registry });
    const url = `${origin}/ctx.jsonld`;
    await r.resolve(url);
    await registry.delete(url);
    assert.ok(!(await registry.list()).includes(url));
    await r.resolve(url);
    assert.equal(hits.get('/ctx.jsonld'), 2);
  });
});

describe('remote contexts and the network the broker runs in', () => {
  it('refuses a private address unless its host is allowed, without connecting', async () => {
    const url = `${origin}/ctx.jsonld`;
    await rejectsWithCode(resolver({ privateHosts: [] }).resolve(url), 'LD_CONTEXT_NOT_AVAILABLE');
    assert.equal(hits.get('/ctx.jsonld'), undefined);
    const ok = await resolver({ privateHosts: ['127.0.0.1'] }).resolve(url);
    assert.equal(ok.expand('speed'), 'http://example.org/speed');
  });

  it('refuses a name that resolves to a private address, checked on the addresses connected to', async () => {
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(resolver({ privateHosts: [] }).resolve(`http://localhost:${port}/ctx.jsonld`), {
      code: 'LD_CONTEXT_NOT_AVAILABLE',
      message: /resolves to (127\.0\.0\.1|::1)/,
    });
    assert.equal(hits.get('/ctx.jsonld'), undefined);
  });

  it('checks every redirect: an allowed host cannot send the broker to one that is not', async () => {
    await rejectsWithCode(
      resolver({ privateHosts: ['127.0.0.1'] }).resolve(`${origin}/to-localhost.jsonld`),
      'LD_CONTEXT_NOT_AVAILABLE',
    );
    assert.equal(hits.get('/to-localhost.jsonld'), 1);
    assert.equal(hits.get('/ctx.jsonld'), undefined);
  });

  it('classifies loopback, private, link-local and mapped addresses as private, others as public', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '0.0.0.0',
    ])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      assert.equal(isPrivateAddress(a), false, a);
  });
});
