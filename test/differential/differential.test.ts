/**
 * The differential test: the same history through the pure engine (`simulate`) and through
 * `ingestBatch` — in random batch sizes, with events sent twice, by two concurrent senders —
 * must leave the database in exactly the state `simulate` prints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHistory, type HistoryEvent, type WorkspaceName } from "../../bench/gen-history.js";
import { compileModel, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary, runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { compileExample, ledgerVsScores, truncateState } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";

const WORKSPACES: WorkspaceName[] = ["b2b", "webshop", "multi-product", "event-stages"];
const SIZES = [1, 3, 17, 60, 150, 400, 1000];
const DAY = 86_400_000;

/** A small seeded PRNG (mulberry32): the splits are random but reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cuts one sender's events (in time order) into batches of random sizes; some batches carry
 * copies of events sent before, and some batches are sent twice.
 */
function batchesOf(events: readonly HistoryEvent[], rand: () => number): HistoryEvent[][] {
  const out: HistoryEvent[][] = [];
  for (let i = 0; i < events.length; ) {
    const size = SIZES[Math.floor(rand() * SIZES.length)] ?? 1;
    const batch = events.slice(i, i + size);
    if (i > 0 && rand() < 0.3) {
      for (let k = 0; k < 3; k++) {
        const old = events[Math.floor(rand() * i)];
        if (old !== undefined) batch.splice(Math.floor(rand() * (batch.length + 1)), 0, old);
      }
    }
    out.push(batch);
    if (rand() < 0.15) out.push(batch);
    i += size;
  }
  return out;
}

const sortedJson = (rows: readonly unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

describe.each(BACKENDS)("differential: simulate vs ingest on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
  }, HOOK_TIMEOUT);
  afterAll(() => backend.dispose(), HOOK_TIMEOUT);

  it.each(WORKSPACES)("examples/%s: a generated history leaves the database as simulate prints it", async (name) => {
    await truncateState(db);
    const ir = compileExample(name);
    const model = compileModel(ir);
    const events = [...generateHistory({ workspace: name, contacts: 300, days: 60, seed: 11 })];
    const last = Date.parse(events.at(-1)?.at ?? "");
    const until = last + 21 * DAY;
    const sim = simulate(ir, events, { until, ledger: true });
    expect(sim.errors).toEqual([]);
    // The history must exercise the interesting paths, or agreement would prove little.
    expect(sim.outbox.length).toBeGreaterThan(0);

    // Two concurrent senders, each owning half of the contacts: per contact, events arrive in
    // time order (a late event would be applied at its contact's latest time, by design).
    const rand = prng(name.length * 7919);
    const owner = (contact: string): number => [...contact].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % 2;
    const senders = [0, 1].map((s) => batchesOf(events.filter((e) => owner(e.contact) === s), rand));
    const results = await Promise.all(
      senders.map(async (batches) => {
        let accepted = 0;
        for (const batch of batches) {
          const r = await ingestBatch(db, batch, { model });
          if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
          accepted += r.accepted;
        }
        return accepted;
      }),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(events.length);
    await runDueTimers(db, model, until);

    const mismatches: unknown[] = [];
    for (const c of sim.contacts) {
      const stored = await readContactSummary(db, model, c.id, until);
      if (JSON.stringify(stored) !== JSON.stringify(c)) mismatches.push({ simulate: c, database: stored });
    }
    expect(mismatches.slice(0, 2)).toEqual([]);
    const [count] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM contacts WHERE created_at IS NOT NULL");
    expect(count?.n).toBe(sim.contacts.length);

    const keys = await db.query<{ key: string }>("SELECT key FROM outbox");
    expect(keys.map((k) => k.key).sort()).toEqual(sim.outbox.map((o) => o.key).sort());

    for (const row of await ledgerVsScores(db)) expect(row.sum, `${row.contact} ${row.score}[${row.key}]`).toBeCloseTo(row.value, 6);
    const ledger = await db.query<{ contact: string; score: string; key: string; delta: number; value: number; reason: string; event: string | null; hash: string; at: Date }>(
      "SELECT contact, score, key, delta, value, reason, event_id AS event, config_hash AS hash, at FROM ledger",
    );
    expect(sortedJson(ledger.map((r) => ({ ...r, at: r.at.toISOString() })))).toEqual(sortedJson(sim.ledger ?? []));
  });
});
