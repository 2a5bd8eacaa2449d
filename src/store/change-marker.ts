/**
 * A number that moves whenever a committed write may have changed what a read of the database
 * returns, from this process or any other. Caches of read results tag each entry with the value
 * read before the read, and trust an entry only while the marker still has that value: such a
 * cache can never answer with data older than the database's, so "read live" still holds.
 *
 * Only a store that can tell cheaply and exactly has one (SQLite: its own writes are counted, the
 * writes of other connections, such as the CLI's, show in `PRAGMA data_version`). A store without
 * one (PostgreSQL, where other nodes write without telling this one) is read on every request.
 */
export interface ChangeMarker {
  current(): number;
}

/**
 * Read results by key, valid while the marker keeps the value they were read under. Bounded:
 * past `capacity` entries it starts again empty (the entries are cheap to read back).
 */
export class MarkedCache<K, V> {
  private marker = Number.NaN;
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly changes: ChangeMarker | undefined,
    private readonly capacity = 10_000,
  ) {}

  /**
   * The cached value, or `load()`'s; `keep` says whether a loaded value may be kept (failures
   * are not, so that guessing cannot fill the cache).
   */
  async get(key: K, load: () => Promise<V>, keep: (value: V) => boolean): Promise<V> {
    const changes = this.changes;
    if (changes === undefined) return load();
    const marker = changes.current();
    if (marker !== this.marker) {
      this.entries.clear();
      this.marker = marker;
    } else {
      const hit = this.entries.get(key);
      if (hit !== undefined) return hit;
    }
    const value = await load();
    // Kept only if nothing was written while it was read (else it may be older than the data).
    if (keep(value) && changes.current() === marker && this.marker === marker) {
      if (this.entries.size >= this.capacity) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
