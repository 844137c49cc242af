import { describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { compileConditionSql, compileSegmentSql } from "../../runtime/store/segment-sql/index.js";
import type { CompiledIr, Cond } from "../../schemas/ir.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { truncateState } from "../ingest/helpers.js";
import { ir, T0 } from "./workspace.js";

const DROP = "'; DROP TABLE contacts; --";
const EVIL_FIELD = `x"); DROP TABLE scores; --`;
const EVIL_SEGMENT = "o'neil\"; DELETE FROM segment_members; --";

// A hand-made IR whose names could not come from the DSL: they must still reach the database as data.
const evil: CompiledIr = {
  ...ir,
  fields: { ...ir.fields, [EVIL_FIELD]: { type: "string" } },
  segments: {
    ...ir.segments,
    [EVIL_SEGMENT]: { kind: "dynamic", when: { op: "text", ref: { ref: "field", name: EVIL_FIELD }, fn: "contains", value: "drop table" } },
    quoted: { kind: "dynamic", when: { op: "segment", segment: EVIL_SEGMENT } },
  },
};
const model = compileModel(evil);

async function members(db: Db, cond: Cond): Promise<string[]> {
  const q = compileConditionSql(evil, cond, T0 + 1000);
  if ("unsupported" in q) throw new Error(q.unsupported);
  for (const text of [DROP, EVIL_FIELD, EVIL_SEGMENT, "it's"]) expect(q.sql).not.toContain(text);
  const rows = await db.query<{ id: string; member: boolean | null }>(q.sql, q.params);
  return rows.map((r) => `${r.id}:${String(r.member)}`).sort();
}

describe.each(BACKENDS)("no SQL from the IR or the data on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("treats hostile names, values, props and patterns as data", async () => {
    const events = [
      { id: "u1", type: "contact.updated", contact: "o'brien", at: new Date(T0).toISOString(), props: { [EVIL_FIELD]: DROP, title: DROP } },
      { id: "u2", type: "page.visited", contact: "o'brien", at: new Date(T0).toISOString(), props: { url: `/pricing'; DROP TABLE events; --` } },
      { id: "u3", type: "contact.updated", contact: "plain", at: new Date(T0).toISOString(), props: { title: "it's \"quoted\"" } },
    ];
    expect((await ingestBatch(db, events, { model })).ok).toBe(true);

    expect(await members(db, { op: "cmp", ref: { ref: "field", name: EVIL_FIELD }, cmp: "==", value: DROP })).toEqual(["o'brien:true"]);
    expect(await members(db, { op: "cmp", ref: { ref: "field", name: "title" }, cmp: "==", value: DROP })).toEqual(["o'brien:true"]);
    expect(await members(db, { op: "text", ref: { ref: "field", name: "title" }, fn: "matches", value: `it's|"quoted"` })).toEqual(["plain:true"]);
    expect(await members(db, { op: "text", ref: { ref: "field", name: "title" }, fn: "matches", value: `'\\);? ?drop` })).toEqual([]);
    expect(await members(db, { op: "text", ref: { ref: "field", name: "title" }, fn: "startswith", value: "'; drop" })).toEqual(["o'brien:true"]);
    expect(await members(db, { op: "in", ref: { ref: "attr", name: "id" }, values: ["o'brien", "'); DROP TABLE x; --"] })).toEqual(["o'brien:true"]);
    expect(await members(db, { op: "tagged", tag: DROP })).toEqual([]);
    expect(await members(db, { op: "history", event: "page.visited", where: { op: "text", ref: { ref: "prop", name: "url" }, fn: "contains", value: "/pricing" }, within: 432000, agg: "count", cmp: ">=", value: 1 })).toEqual(["o'brien:true"]);

    const [engineSaw] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM segment_members WHERE segment = $1", [EVIL_SEGMENT]);
    expect(engineSaw?.n).toBe(1);
    const seg = compileSegmentSql(evil, "quoted", T0 + 1000);
    if ("unsupported" in seg) throw new Error(seg.unsupported);
    expect(seg.sql).not.toContain("o'neil");
    expect(await db.query(seg.sql, seg.params)).toEqual([{ id: "o'brien", member: true }]);

    const tables = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('contacts', 'scores', 'events', 'segment_members')",
    );
    expect(tables[0]?.n).toBe(4);
    expect(await db.query("SELECT id FROM contacts ORDER BY id")).toEqual([{ id: "o'brien" }, { id: "plain" }]);
  });
});

describe("what the database cannot compute exactly is said, not guessed", () => {
  const unsupported = (i: CompiledIr, cond: Cond): string | undefined => {
    const q = compileConditionSql(i, cond, T0);
    return "unsupported" in q ? q.unsupported : undefined;
  };

  it("names the reason for each form it leaves to the engine", () => {
    const accounts: CompiledIr = { ...ir, scores: { ...ir.scores, company: { kind: "engagement", scope: "account", from: { agg: "sum", score: "engagement" } } } };
    expect(unsupported(accounts, { op: "cmp", ref: { ref: "score", score: "company" }, cmp: ">=", value: 10 })).toMatch(/account score/);
    const thirds: CompiledIr = { ...ir, scores: { ...ir.scores, engagement: { kind: "engagement", scope: "contact", decay: { model: "step", amount: 0.333, every: 86400 } } } };
    expect(unsupported(thirds, { op: "cmp", ref: { ref: "score", score: "engagement" }, cmp: ">=", value: 10 })).toMatch(/whole cents/);
    expect(unsupported(ir, { op: "set", ref: { ref: "field", name: "constructor" } })).toMatch(/built-in name/);
    expect(unsupported(ir, { op: "cmp", ref: { ref: "field", name: "title" }, cmp: "<", value: "\uE000" })).toMatch(/orders differently/);
    expect(unsupported(ir, { op: "cmp", ref: { ref: "field", name: "title" }, cmp: "==", value: "\uE000" })).toBeUndefined();
    expect(compileSegmentSql(ir, "nope", T0)).toMatchObject({ unsupported: expect.stringContaining("no segment") as unknown });
  });
});
