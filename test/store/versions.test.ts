import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashIr } from "../../dsl/canonical.js";
import type { Ir } from "../../schemas/ir.js";
import { emptyIr } from "../fixtures/empty-ir.js";
import { acquireApplyLock, applyLockHolder, assertApplyLockHeld, forceUnlock } from "../../runtime/store/apply-lock.js";
import type { Db } from "../../runtime/store/db.js";
import { activateVersion, activeVersion, applyVersion, listVersions, type VersionChange } from "../../runtime/store/versions.js";
import { BACKENDS, HOOK_TIMEOUT, sharedMigratedDb, truncateAll, type Backend } from "./backends.js";

/** A minimal valid IR; the label makes each one a different version. */
function ir(version: string): Ir {
  return emptyIr({ version });
}

const V1 = ir("2026.1");
const V2 = ir("2026.2");
const V3 = ir("2026.3");
const [H1, H2, H3] = [hashIr(V1), hashIr(V2), hashIr(V3)];

describe.each(BACKENDS)("config versions on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);

  it("the first apply stores the version and makes it active", async () => {
    const result = await applyVersion(db, { ir: V1, sourceRef: "git:abc123", appliedBy: "ci", expectBase: null });
    expect(result).toMatchObject({ changed: true, previous: null, active: { hash: H1, version: "2026.1", active: true } });
    const active = await activeVersion(db);
    expect(active).toMatchObject({ hash: H1, sourceRef: "git:abc123", appliedBy: "ci", ir: { ...V1, hash: H1 } });
    expect(await applyLockHolder(db)).toBeUndefined();
  });

  it("refuses a stale base, naming the active hash, and writes nothing", async () => {
    await applyVersion(db, { ir: V1, appliedBy: "ci", expectBase: null });
    await applyVersion(db, { ir: V2, appliedBy: "ci", expectBase: H1 });
    await expect(applyVersion(db, { ir: V3, appliedBy: "ci", expectBase: H1 })).rejects.toMatchObject({
      code: "stale-base",
      expected: H1,
      active: H2,
    });
    await expect(applyVersion(db, { ir: V3, appliedBy: "ci", expectBase: H1 })).rejects.toThrow(H2);
    expect((await listVersions(db)).map((v) => v.hash).sort()).toEqual([H1, H2].sort());
    expect((await activeVersion(db))?.hash).toBe(H2);
    expect(await applyLockHolder(db)).toBeUndefined();
  });

  it("expecting nothing deployed is refused once something is", async () => {
    await applyVersion(db, { ir: V1, appliedBy: "ci" });
    await expect(applyVersion(db, { ir: V2, appliedBy: "ci", expectBase: null })).rejects.toMatchObject({
      code: "stale-base",
      active: H1,
    });
  });

  it("applying the active version again changes nothing", async () => {
    await applyVersion(db, { ir: V1, appliedBy: "ci" });
    const again = await applyVersion(db, { ir: { ...V1, hash: H1 }, appliedBy: "someone-else", expectBase: H1 });
    expect(again).toMatchObject({ changed: false, previous: H1, active: { hash: H1, appliedBy: "ci" } });
    expect(await listVersions(db)).toHaveLength(1);
  });

  it("refuses an IR whose hash does not match its content", async () => {
    await expect(applyVersion(db, { ir: { ...V1, hash: H2 }, appliedBy: "ci" })).rejects.toMatchObject({ code: "hash-mismatch" });
    expect(await listVersions(db)).toEqual([]);
  });

  it("a held lock refuses an apply, naming the holder and since when; force-unlock frees it", async () => {
    const before = Date.now();
    await acquireApplyLock(db, "deploy-bot@ci-42"); // never released: the holder crashed
    const refused = applyVersion(db, { ir: V1, appliedBy: "ana" });
    await expect(refused).rejects.toMatchObject({ code: "apply-locked", lock: { holder: "deploy-bot@ci-42" } });
    await expect(refused).rejects.toThrow(/deploy-bot@ci-42 since \d{4}-\d\d-\d\dT/);
    const removed = await forceUnlock(db);
    expect(removed?.holder).toBe("deploy-bot@ci-42");
    expect(removed?.since).toBeGreaterThanOrEqual(before - 60_000);
    expect(await listVersions(db)).toEqual([]);
    await expect(applyVersion(db, { ir: V1, appliedBy: "ana" })).resolves.toMatchObject({ changed: true });
    expect(await forceUnlock(db)).toBeUndefined();
  });

  it("an apply whose lock was force-unlocked before its transaction changes nothing", async () => {
    const lock = await acquireApplyLock(db, "slow-apply");
    await forceUnlock(db);
    await acquireApplyLock(db, "next-apply");
    await expect(db.transaction((tx) => assertApplyLockHeld(tx, lock))).rejects.toMatchObject({
      code: "apply-lock-lost",
      lock: { holder: "next-apply" },
    });
  });

  it("rolls back to an earlier stored version", async () => {
    await applyVersion(db, { ir: V1, appliedBy: "ci" });
    await applyVersion(db, { ir: V2, appliedBy: "ci" });
    const rolled = await activateVersion(db, H1, { activatedBy: "ana", expectBase: H2 });
    expect(rolled).toMatchObject({ changed: true, previous: H2, active: { hash: H1, active: true } });
    expect((await activeVersion(db))?.ir.version).toBe("2026.1");
    const listed = await listVersions(db);
    expect(listed.filter((v) => v.active).map((v) => v.hash)).toEqual([H1]);
    expect(listed).toHaveLength(2);
    const log = await db.query<{ hash: string; previous: string | null; activated_by: string }>(
      "SELECT hash, previous, activated_by FROM config_activations ORDER BY seq",
    );
    expect(log).toEqual([
      { hash: H1, previous: null, activated_by: "ci" },
      { hash: H2, previous: H1, activated_by: "ci" },
      { hash: H1, previous: H2, activated_by: "ana" },
    ]);
  });

  it("refuses to roll back to a hash never stored", async () => {
    await applyVersion(db, { ir: V1, appliedBy: "ci" });
    await expect(activateVersion(db, H3, { activatedBy: "ana" })).rejects.toMatchObject({ code: "unknown-version", hash: H3 });
    expect((await activeVersion(db))?.hash).toBe(H1);
  });

  it("the re-evaluation hook runs in the activating transaction: its failure undoes the apply", async () => {
    const seen: VersionChange[] = [];
    await applyVersion(db, { ir: V1, appliedBy: "ci", reevaluateContacts: (_tx, change) => Promise.resolve(void seen.push(change)) });
    await applyVersion(db, { ir: V2, appliedBy: "ci", reevaluateContacts: (_tx, change) => Promise.resolve(void seen.push(change)) });
    expect(seen.map((c) => [c.previous?.hash, c.active.hash])).toEqual([
      [undefined, H1],
      [H1, H2],
    ]);
    await expect(
      applyVersion(db, {
        ir: V3,
        appliedBy: "ci",
        reevaluateContacts: async (tx) => {
          await tx.query("INSERT INTO events (id, contact, type, at) VALUES ('e1', 'c1', 'page.visited', now())");
          throw new Error("re-evaluation failed");
        },
      }),
    ).rejects.toThrow("re-evaluation failed");
    expect((await activeVersion(db))?.hash).toBe(H2);
    expect(await listVersions(db)).toHaveLength(2);
    expect(await db.query("SELECT id FROM events")).toEqual([]);
    expect(await applyLockHolder(db)).toBeUndefined();
  });
});

describe("concurrent applies on postgres", () => {
  const postgres = BACKENDS.find((b) => b.kind === "postgres");
  let backend: Backend;
  let db: Db;
  beforeAll(async () => {
    if (!postgres) throw new Error("no postgres backend");
    backend = postgres.make();
    db = await backend.migrated();
  }, HOOK_TIMEOUT);
  afterAll(() => backend.dispose(), HOOK_TIMEOUT);

  it("exactly one wins; the other's error names the holder", async () => {
    let entered = (): void => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = applyVersion(db, {
      ir: V1,
      appliedBy: "alice",
      reevaluateContacts: async () => {
        entered();
        await gate;
      },
    });
    await inside;
    const second = applyVersion(db, { ir: V2, appliedBy: "bob" });
    await expect(second).rejects.toMatchObject({ code: "apply-locked", lock: { holder: "alice" } });
    release();
    await expect(first).resolves.toMatchObject({ changed: true, active: { hash: H1 } });
    expect((await listVersions(db)).map((v) => v.hash)).toEqual([H1]);
  });

  it("racing without coordination: never two winners with the same base", async () => {
    await truncateAll(db);
    await applyVersion(db, { ir: V1, appliedBy: "ci" });
    const results = await Promise.allSettled(
      [V2, V3].map((v, i) => applyVersion(db, { ir: v, appliedBy: `ci-${i}`, expectBase: H1 })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(["apply-locked", "stale-base"]).toContain((lost[0]?.reason as { code?: string }).code);
  });
});
