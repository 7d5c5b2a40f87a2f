import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { DothiError } from '../../kernel/index.js';

// Remote @context documents are fetched on behalf of API clients, so a Link header must not make
// the broker reach into the network it runs in (server-side request forgery). Every hop, redirects
// included, must go to a public address unless its host is explicitly allowed. Names are checked at
// connection time, on the addresses actually connected to, so that DNS rebinding cannot slip a
// private address in between the check and the connection.

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return true;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refused = (url: string, why: string) =>
  new DothiError(
    'LD_CONTEXT_NOT_AVAILABLE',
    `@context ${url} is not fetched: ${why} (allow the host with DOTHI_CONTEXT_PRIVATE_HOSTS)`,
  );

const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err !== null) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad !== undefined) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to ${bad.address}`), { code: 'EPRIVATE' }),
        '',
        0,
      );
    }
    if (options.all === true)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

const MAX_REDIRECTS = 5;

/** A fetch that follows at most 5 redirects and connects to private addresses only for `privateHosts`. */
export function guardedFetch(privateHosts: readonly string[] = []): typeof fetch {
  const allowed = new Set(privateHosts.map((h) => h.toLowerCase()));
  const publicAgent = new Agent({ connect: { lookup: publicOnlyLookup } });
  const openAgent = new Agent();
  const hop = async (url: URL, init: RequestInit) => {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const trusted = allowed.has(host);
    if (!trusted && isIP(host) !== 0 && isPrivateAddress(host))
      throw refused(url.href, `${host} is a private address`);
    const dispatcher = trusted ? openAgent : publicAgent;
    try {
      return await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (code === 'EPRIVATE') throw refused(url.href, (err as { cause: Error }).cause.message);
      throw err;
    }
  };
  const guarded = async (input: string | URL | Request, init: RequestInit = {}) => {
    let url = new URL(input instanceof Request ? input.url : input);
    for (let redirects = 0; ; redirects++) {
      const res = await hop(url, init);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || location === null) return res as unknown as Response;
      if (redirects === MAX_REDIRECTS) throw refused(url.href, `more than ${MAX_REDIRECTS} redirects`);
      await res.body?.cancel();
      url = new URL(location, url);
    }
  };
  return guarded as typeof fetch;
}
