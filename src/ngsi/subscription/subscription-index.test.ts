import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileSubscription, type CompiledSubscription } from './compiled-subscription.js';
import { selects } from './match-change.js';
import type { EntitySelector, Subscription } from './model.js';
import { indexSubscriptions, literalPrefix } from './subscription-index.js';

const T = 'https://example.org/';

function subscription(name: string, entities: EntitySelector[] | undefined): CompiledSubscription {
  const sub: Subscription = {
    id: `urn:ngsi-ld:Subscription:${name}`,
    ...(entities === undefined ? { watchedAttributes: [`${T}temperature`] } : { entities }),
    notificationTrigger: ['attributeUpdated'],
    isActive: true,
    notification: {
      format: 'normalized',
      showChanges: false,
      sysAttrs: false,
      endpoint: { uri: 'http://127.0.0.1/n', accept: 'application/json' },
    },
    context: {},
    contextUrl: 'http://127.0.0.1/context.jsonld',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
  };
  // Neither q nor scopeQ: the @context and the SQL hooks are not used.
  return compileSubscription('', sub, undefined as never, undefined as never);
}

describe('the literal prefix of an idPattern', () => {
  const cases: Array<[string, string]> = [
    ['^urn:ngsi-ld:Sensor:n5-', 'urn:ngsi-ld:Sensor:n5-'],
    ['^urn:ngsi-ld:Sensor:n5-.*', 'urn:ngsi-ld:Sensor:n5-'],
    ['^urn\\:a\\.b', 'urn:a.b'],
    ['^abc*', 'ab'],
    ['^abc?', 'ab'],
    ['^ab{2}', 'a'],
    ['^abc+', 'abc'],
    ['^ab\\d', 'ab'],
    ['^ab[cd]', 'ab'],
    ['^a.b', 'a'],
    ['^(ab)', ''],
    ['^ab|cd', ''],
    ['urn:ngsi-ld:Sensor:', ''],
  ];
  for (const [pattern, prefix] of cases) {
    it(`is '${prefix}' for ${pattern}`, () => assert.equal(literalPrefix(pattern), prefix));
  }
});

describe('the subscriptions an entity change may trigger', () => {
  const subs = [
    subscription('all-rooms', [{ type: `${T}Room` }]),
    subscription('one-room', [{ type: `${T}Room`, id: 'urn:ngsi-ld:Room:1' }]),
    subscription('floor-2', [{ type: `${T}Room`, idPattern: '^urn:ngsi-ld:Room:2' }]),
    subscription('floor-2-or-3', [{ type: `${T}Room`, idPattern: '^urn:ngsi-ld:Room:(2|3)' }]),
    subscription('sensors-or-rooms', [{ type: `${T}Sensor,${T}Room` }]),
    subscription('smart-rooms', [{ type: `${T}Room;${T}Smart` }]),
    subscription('two-selectors', [{ type: `${T}Sensor` }, { type: `${T}Room`, id: 'urn:ngsi-ld:Room:3' }]),
    subscription('unanchored', [{ type: `${T}Room`, idPattern: 'Room:2' }]),
    subscription('watched-only', undefined),
  ];
  const index = indexSubscriptions(subs);
  const entities: Array<[string, string[]]> = [
    ['urn:ngsi-ld:Room:1', [`${T}Room`]],
    ['urn:ngsi-ld:Room:21', [`${T}Room`, `${T}Smart`]],
    ['urn:ngsi-ld:Room:3', [`${T}Room`]],
    ['urn:ngsi-ld:Sensor:1', [`${T}Sensor`]],
    ['urn:ngsi-ld:Car:1', [`${T}Car`]],
    ['urn', [`${T}Room`]],
  ];

  for (const [id, types] of entities) {
    it(`includes, once each, every subscription selecting ${id} (${types.length} types)`, () => {
      const found = index.candidates(id, types);
      assert.equal(new Set(found).size, found.length);
      const names = (cs: readonly CompiledSubscription[]) => cs.map((c) => c.sub.id).sort();
      const selecting = subs.filter((c) => c.sub.entities === undefined || selects(c, id, types));
      assert.deepEqual(names(found.filter((c) => selecting.includes(c))), names(selecting));
    });
  }

  it('leaves out subscriptions of other ids, prefixes and types', () => {
    const found = index.candidates('urn:ngsi-ld:Car:1', [`${T}Car`]).map((c) => c.sub.id);
    assert.deepEqual(found, ['urn:ngsi-ld:Subscription:watched-only']);
  });
});
