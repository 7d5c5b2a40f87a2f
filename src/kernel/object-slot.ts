// A value kept with an object, as a WeakMap keeps one, for objects that are made and dropped by the
// thousand on hot paths (requests, entity states, attribute lists).
//
// A WeakMap is an ephemeron table: V8's young-generation collector must treat every entry whose
// key is young apart from ordinary objects, and a map filled with keys that live a few hundred
// milliseconds (an update's new state, the text of its document) makes each collection slower.
// Replacing the WeakMaps that entity states were keyed in with slots cut the server's CPU time per
// MQTT measure by about a tenth in `npm run bench -- ingest` (docs/architecture.md).
//
// The value is kept in a non-enumerable property under a symbol of the slot's own: invisible to
// Object.keys, for…in, JSON, structured clone and object spread (so a state built by spreading
// another does not inherit its values), and to every other slot. An object that can take no new
// property (frozen, sealed) keeps its value in a WeakMap instead.

export interface ObjectSlot<K extends object, V> {
  get(owner: K): V | undefined;
  set(owner: K, value: V): void;
  /**
   * The value, which the object then no longer keeps (the property stays, emptied: deleting it
   * would slow the object down).
   */
  take(owner: K): V | undefined;
}

export function objectSlot<K extends object, V>(name: string): ObjectSlot<K, V> {
  const key = Symbol(name);
  const fallback = new WeakMap<K, V>();
  // The property holds a box, so that the value can change after the owner is frozen (a frozen
  // object's properties cannot be assigned; Object.freeze does not reach the box).
  const box = (owner: K) => (owner as unknown as Record<symbol, { value: V | undefined } | undefined>)[key];
  return {
    get(owner) {
      const b = box(owner);
      return b === undefined ? fallback.get(owner) : b.value;
    },
    set(owner, value) {
      const b = box(owner);
      if (b !== undefined) b.value = value;
      else if (Object.isExtensible(owner)) Object.defineProperty(owner, key, { value: { value } });
      else fallback.set(owner, value);
    },
    take(owner) {
      const b = box(owner);
      if (b === undefined) {
        const value = fallback.get(owner);
        fallback.delete(owner);
        return value;
      }
      const value = b.value;
      b.value = undefined;
      return value;
    },
  };
}
