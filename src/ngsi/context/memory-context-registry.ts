import type { Clock } from '../../kernel/index.js';
import { buildContextRegistry } from './context-registry.js';
import type { ContextRegistry, ContextRegistryOptions } from './context-registry.js';
import { createMemoryHostedStore } from './hosted-context-store.js';

/** A ContextRegistry that keeps hosted @contexts in memory: for tests, and for a resolver built without a store. */
export function createMemoryContextRegistry(
  clock: Clock,
  opts: ContextRegistryOptions = {},
): ContextRegistry {
  return buildContextRegistry(createMemoryHostedStore(), clock, opts);
}
