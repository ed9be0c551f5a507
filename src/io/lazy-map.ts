/**
 * A Map some of whose values are computed the first time they are read: `pending` keys are
 * present (has, size, iteration) from the start, and `compute(key)` runs once per key, when
 * its value is first asked for. A key whose computed value is undefined leaves the map (a file
 * that went away before it was read). Iterating computes every pending value first.
 *
 * It takes `known` over as its storage, without copying it (a work tree's 5,000 blob ids):
 * the caller must not use that map afterwards.
 */
export class LazyMap<K, V> extends Map<K, V> {
  readonly #known: Map<K, V>;
  readonly #pending: Set<K>;
  readonly #compute: (key: K) => V | undefined;

  constructor(known: Map<K, V>, pending: Iterable<K>, compute: (key: K) => V | undefined) {
    // Not super(entries): Map's constructor calls this.set, before the fields exist. Map's own
    // storage stays empty: every method below reads and writes `known`.
    super();
    this.#known = known;
    this.#pending = new Set(pending);
    this.#compute = compute;
    for (const key of this.#pending) known.delete(key);
  }

  #settle(key: K): void {
    if (!this.#pending.delete(key)) return;
    const value = this.#compute(key);
    if (value !== undefined) this.#known.set(key, value);
  }

  #settleAll(): void {
    for (const key of [...this.#pending]) this.#settle(key);
  }

  override get(key: K): V | undefined {
    this.#settle(key);
    return this.#known.get(key);
  }

  override has(key: K): boolean {
    return this.#pending.has(key) || this.#known.has(key);
  }

  override get size(): number {
    return this.#known.size + this.#pending.size;
  }

  override set(key: K, value: V): this {
    this.#pending.delete(key);
    this.#known.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    return this.#pending.delete(key) || this.#known.delete(key);
  }

  override clear(): void {
    this.#pending.clear();
    this.#known.clear();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#settleAll();
    this.#known.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  override entries(): MapIterator<[K, V]> {
    this.#settleAll();
    return this.#known.entries();
  }

  override keys(): MapIterator<K> {
    this.#settleAll();
    return this.#known.keys();
  }

  override values(): MapIterator<V> {
    this.#settleAll();
    return this.#known.values();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
