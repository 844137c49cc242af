/**
 * Snapshots of the console's whole-population aggregates (contacts per stage, per score
 * bucket, conversion over a period). At a million contacts each is a scan of hundreds of
 * milliseconds, and a dashboard does not need them to the second: a snapshot younger than
 * `maxAgeMs` is served as is; an older one is served while a fresh one is computed in the
 * background (one at a time per view), so no request waits on a scan but the very first.
 * A view that computed faster than `slowMs` is not kept: small workspaces (and `dev`) always
 * see fresh numbers. Pages show each snapshot's time. `maxAgeMs` 0 computes every request.
 */

export interface Snapshot<T> {
  value: T;
  /** Epoch ms the value was computed at. */
  asOf: number;
}

export interface Snapshots {
  get<T>(key: string, load: () => Promise<T>): Promise<Snapshot<T>>;
}

/** Views kept at most: keys include the period, so old periods fall out. */
const MAX_KEYS = 64;

/** Below this a view is computed on every request. */
export const SLOW_VIEW_MS = 100;

export function createSnapshots(maxAgeMs: number, opts: { now?: () => number; onError?: (error: Error) => void; slowMs?: number } = {}): Snapshots {
  const now = opts.now ?? Date.now;
  const slowMs = opts.slowMs ?? SLOW_VIEW_MS;
  const entries = new Map<string, { value: unknown; asOf: number; refreshing: boolean }>();
  const pending = new Map<string, Promise<Snapshot<unknown>>>();

  function compute<T>(key: string, load: () => Promise<T>): Promise<Snapshot<T>> {
    const running = pending.get(key);
    if (running !== undefined) return running as Promise<Snapshot<T>>;
    const started = now();
    const clock = performance.now();
    const p = load()
      .then((value) => {
        entries.delete(key);
        if (performance.now() - clock >= slowMs) entries.set(key, { value, asOf: started, refreshing: false });
        while (entries.size > MAX_KEYS) {
          const oldest = entries.keys().next();
          if (oldest.done === true) break;
          entries.delete(oldest.value);
        }
        return { value, asOf: started };
      })
      .finally(() => pending.delete(key));
    pending.set(key, p);
    return p;
  }

  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<Snapshot<T>> {
      if (maxAgeMs <= 0) return { value: await load(), asOf: now() };
      const hit = entries.get(key);
      if (hit === undefined) return compute(key, load);
      if (now() - hit.asOf > maxAgeMs && !hit.refreshing) {
        hit.refreshing = true;
        compute(key, load).catch((error: unknown) => {
          hit.refreshing = false;
          opts.onError?.(error instanceof Error ? error : new Error(String(error)));
        });
      }
      return { value: hit.value as T, asOf: hit.asOf };
    },
  };
}
