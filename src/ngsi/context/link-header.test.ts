import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLinkHeader, jsonLdContextRel, parseLinkHeader } from './index.js';
import { throwsWithCode } from './testing.js';

const ctx = 'https://example.org/ctx.jsonld';

describe('Link headers', () => {
  it('formats the JSON-LD context link of CIM 009 §6.3.5', () => {
    assert.equal(
      formatLinkHeader(ctx),
      '<https://example.org/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
    );
  });

  it('reads back what it formats', () => {
    assert.equal(parseLinkHeader(formatLinkHeader(ctx)), ctx);
  });

  it('finds the context link among other links, whatever the parameter order and spacing', () => {
    const header = `<https://example.org/next>; rel="next", <${ctx}>;type="application/ld+json";  rel="${jsonLdContextRel}"`;
    assert.equal(parseLinkHeader(header), ctx);
  });

  it('accepts an unquoted rel and a rel list', () => {
    assert.equal(parseLinkHeader(`<${ctx}>; rel=${jsonLdContextRel}`), ctx);
    assert.equal(parseLinkHeader(`<${ctx}>; rel="alternate ${jsonLdContextRel}"`), ctx);
  });

  it('keeps commas and semicolons inside the URL and inside quoted values', () => {
    const url = 'https://example.org/ctx;v=1,2.jsonld';
    assert.equal(parseLinkHeader(`<${url}>; title="a, b; c"; rel="${jsonLdContextRel}"`), url);
  });

  it('gives undefined when there is no header or no context link', () => {
    assert.equal(parseLinkHeader(undefined), undefined);
    assert.equal(parseLinkHeader('  '), undefined);
    assert.equal(parseLinkHeader(`<${ctx}>; rel="describedby"`), undefined);
  });

  it('answers BadRequestData for a malformed header', () => {
    for (const header of [
      ctx,
      `<${ctx}; rel="${jsonLdContextRel}"`,
      `<${ctx}> rel="${jsonLdContextRel}"`,
      `<${ctx}>; rel="${jsonLdContextRel}`,
      `<${ctx}>; rel="${jsonLdContextRel}" junk`,
    ]) {
      throwsWithCode(() => parseLinkHeader(header), 'BAD_REQUEST_DATA');
    }
  });

  it('answers BadRequestData for a relative context URL or more than one context link', () => {
    throwsWithCode(() => parseLinkHeader(`</ctx.jsonld>; rel="${jsonLdContextRel}"`), 'BAD_REQUEST_DATA');
    throwsWithCode(
      () =>
        parseLinkHeader(`${formatLinkHeader(ctx)}, ${formatLinkHeader('https://example.org/other.jsonld')}`),
      'BAD_REQUEST_DATA',
    );
  });
});
