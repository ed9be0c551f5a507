/**
 * A Map some of whose values are computed the first time they are read: `pending` keys are
 * present (has, size, iteration) from the start, and `compute(key)` runs once per key, when
 * its value is first asked for. A key whose computed value is undefined leaves the map (a file
 * that went away before it was read). Iterating computes every pending value first.
 */
export class LazyMap<K, V> extends Map<K, V> {
  readonly #pending: Set<K>;
  readonly #compute: (key: K) => V | undefined;

  constructor(entries: Iterable<readonly [K, V]>, pending: Iterable<K>, compute: (key: K) => V | undefined) {
    // Not super(entries): Map's constructor calls this.set, before the fields exist.
    super();
    this.#pending = new Set(pending);
    this.#compute = compute;
    for (const [key, value] of entries) if (!this.#pending.has(key)) super.set(key, value);
  }

  #settle(key: K): void {
    if (!this.#pending.delete(key)) return;
    const value = this.#compute(key);
    if (value !== undefined) super.set(key, value);
  }

  #settleAll(): void {
    for (const key of [...this.#pending]) this.#settle(key);
  }

  override get(key: K): V | undefined {
    this.#settle(key);
    return super.get(key);
  }

  override has(key: K): boolean {
    return this.#pending.has(key) || super.has(key);
  }

  override get size(): number {
    return super.size + this.#pending.size;
  }

  override set(key: K, value: V): this {
    this.#pending.delete(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    return this.#pending.delete(key) || super.delete(key);
  }

  override clear(): void {
    this.#pending.clear();
    super.clear();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#settleAll();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[K, V]> {
    this.#settleAll();
    return super.entries();
  }

  override keys(): MapIterator<K> {
    this.#settleAll();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.#settleAll();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
