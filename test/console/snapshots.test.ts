import { describe, expect, it } from "vitest";
import { createSnapshots } from "../../runtime/console/snapshots.js";

/** A load whose every call is counted and whose result the test releases. */
function gatedLoad() {
  const calls: ((v: number) => void)[] = [];
  const fails: ((e: Error) => void)[] = [];
  const load = (): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      calls.push(resolve);
      fails.push(reject);
    });
  return { load, calls, fails };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe("console snapshots of slow aggregates", () => {
  it("computes every request when snapshots are off", async () => {
    const s = createSnapshots(0);
    let n = 0;
    const load = (): Promise<number> => Promise.resolve(++n);
    expect((await s.get("k", load)).value).toBe(1);
    expect((await s.get("k", load)).value).toBe(2);
  });

  it("serves a slow view from its snapshot, then refreshes it once in the background when it is too old", async () => {
    let clock = 1_000;
    const errors: Error[] = [];
    const s = createSnapshots(30_000, { now: () => clock, slowMs: 0, onError: (e) => errors.push(e) });
    const { load, calls } = gatedLoad();

    const first = s.get("counts", load);
    calls[0]?.(10);
    expect(await first).toEqual({ value: 10, asOf: 1_000 });

    clock += 10_000;
    expect(await s.get("counts", load)).toEqual({ value: 10, asOf: 1_000 });
    expect(calls).toHaveLength(1);

    // Too old: the old numbers come back at once, one refresh starts, and only one.
    clock += 25_000;
    expect(await s.get("counts", load)).toEqual({ value: 10, asOf: 1_000 });
    expect(await s.get("counts", load)).toEqual({ value: 10, asOf: 1_000 });
    expect(calls).toHaveLength(2);
    calls[1]?.(12);
    await tick();
    expect(await s.get("counts", load)).toEqual({ value: 12, asOf: 36_000 });
    expect(errors).toEqual([]);
  });

  it("keeps the old numbers when a refresh fails, says so, and tries again on the next request", async () => {
    let clock = 0;
    const errors: Error[] = [];
    const s = createSnapshots(1_000, { now: () => clock, slowMs: 0, onError: (e) => errors.push(e) });
    const { load, calls, fails } = gatedLoad();
    const first = s.get("k", load);
    calls[0]?.(1);
    await first;
    clock = 5_000;
    expect((await s.get("k", load)).value).toBe(1);
    fails[1]?.(new Error("the database does not answer"));
    await tick();
    expect(errors.map((e) => e.message)).toEqual(["the database does not answer"]);
    expect((await s.get("k", load)).value).toBe(1);
    expect(calls).toHaveLength(3);
  });

  it("never keeps a view that computed quickly: small workspaces always see fresh numbers", async () => {
    const s = createSnapshots(60_000, { slowMs: 10_000 });
    let n = 0;
    const load = (): Promise<number> => Promise.resolve(++n);
    expect((await s.get("k", load)).value).toBe(1);
    expect((await s.get("k", load)).value).toBe(2);
  });
});
