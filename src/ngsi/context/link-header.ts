import { badRequestData } from '../../kernel/index.js';

/** The link relation of a JSON-LD @context (JSON-LD 1.1 §6.1; CIM 009 §6.3.5). */
export const jsonLdContextRel = 'http://www.w3.org/ns/json-ld#context';

export function formatLinkHeader(url: string): string {
  return `<${url}>; rel="${jsonLdContextRel}"; type="application/ld+json"`;
}

/**
 * The @context URL of a Link header (CIM 009 §6.3.5), or undefined when it has no JSON-LD context
 * link. A header that is not RFC 8288 syntax, a context URL that is not absolute, or more than one
 * context link (JSON-LD 1.1 "multiple context link headers") is BadRequestData.
 */
export function parseLinkHeader(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const urls = parseLinks(header)
    .filter((link) => link.rel.split(/\s+/).includes(jsonLdContextRel))
    .map((link) => link.url);
  if (urls.length > 1) throw badRequestData('the Link header has more than one JSON-LD @context link');
  const url = urls[0];
  if (url !== undefined && !URL.canParse(url)) {
    throw badRequestData(`the @context in the Link header, "${url}", is not an absolute URL`);
  }
  return url;
}

interface Link {
  url: string;
  rel: string;
}

// RFC 8288 §3: link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param ), values separated by ",".
const linkValue = /\s*<([^>]*)>\s*/y;
// Unquoted values are read up to the next ";" or "," rather than as strict tokens, so that the common
// `rel=http://www.w3.org/ns/json-ld#context` (a URI is not a token) is understood.
const linkParam = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,"]+)))?\s*/y;
const separator = /,\s*/y;

function parseLinks(header: string): Link[] {
  const links: Link[] = [];
  let at = 0;
  while (at < header.length) {
    linkValue.lastIndex = at;
    const value = linkValue.exec(header);
    if (value === null) throw malformed(header);
    at = linkValue.lastIndex;
    let rel: string | undefined;
    for (let param = matchAt(linkParam, header, at); param !== null; param = matchAt(linkParam, header, at)) {
      at = linkParam.lastIndex;
      // RFC 8288 §3.3: occurrences of "rel" after the first are ignored.
      if (rel === undefined && param[1]?.toLowerCase() === 'rel') {
        rel = (param[2]?.replace(/\\(.)/g, '$1') ?? param[3] ?? '').trim();
      }
    }
    links.push({ url: value[1] ?? '', rel: rel ?? '' });
    if (at === header.length) break;
    const sep = matchAt(separator, header, at);
    if (sep === null) throw malformed(header);
    at = separator.lastIndex;
  }
  return links;
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

const malformed = (header: string) => badRequestData(`malformed Link header: ${header.slice(0, 200)}`);
