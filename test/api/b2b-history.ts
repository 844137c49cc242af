/**
 * Histories on `examples/b2b` for the stage, feedback-link and report tests: leads who become
 * MQLs (a demo request with a decision-maker title) and the verdicts sales gave them.
 */
import type { FastifyInstance } from "fastify";
import { compileModel, runSimulation, emptySimulation, type Model } from "../../runtime/engine/index.js";
import type { FeedbackEffect } from "../../runtime/engine/types.js";
import type { Db } from "../../runtime/store/db.js";
import { compileExample } from "../ingest/helpers.js";

export const B2B = compileExample("b2b");
export const B2B_MODEL: Model = compileModel(B2B);
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

type Ev = { id: string; type: string; contact: string; at: string; props: Record<string, unknown> };
const at = (ms: number): string => new Date(ms).toISOString();

/** A decision-maker at a mid-size logistics company, owned by sam. */
export function lead(contact: string, email: string, t: number): Ev {
  return {
    id: `${contact}-profile`,
    type: "contact.updated",
    contact,
    at: at(t),
    props: { email, owner: "sam@northwind.example", job_title: "Head of Operations", company_size: 400, industry: "logistics", country: "DE" },
  };
}

/** A demo request: with `lead`'s fit it makes the contact an MQL. */
export const demo = (contact: string, t: number, n = 1): Ev => ({ id: `${contact}-demo-${n}`, type: "form.submitted", contact, at: at(t), props: { form: "demo" } });

export const verdict = (contact: string, t: number, outcome: string, n = 1): Ev => ({
  id: `${contact}-verdict-${n}`,
  type: "feedback.given",
  contact,
  at: at(t),
  props: { loop: "mql_quality", outcome, by: "sam" },
});

/** A contact id with quotes and SQL in it: stored and reported as data. */
export const TRICKY = `o'mar"; DROP TABLE ledger; --`;

export const R0 = Date.parse("2026-03-02T10:00:00Z");

/**
 * Five MQL runs over three months: good lead before the first ask (March), one never answered
 * (March), bad timing after an ask then a second MQL judged junk (April, May), bad fit (April);
 * and a student who never becomes an MQL.
 */
export function reportHistory(): Ev[] {
  const lena0 = Date.parse("2026-04-06T09:00:00Z");
  const tom0 = Date.parse("2026-04-07T15:00:00Z");
  return [
    lead("ines", "ines@hafen.example", R0 - HOUR),
    demo("ines", R0),
    verdict("ines", R0 + DAY, "good_lead"),
    lead(TRICKY, "omar@rival-logistik.example", R0 + 8 * DAY - HOUR),
    demo(TRICKY, R0 + 8 * DAY),
    lead("lena", "lena@spedition.example", lena0 - HOUR),
    demo("lena", lena0),
    verdict("lena", lena0 + 4 * DAY, "bad_timing"),
    // Decayed below 60 and past the 30-day cooldown: a second alert, a second run.
    demo("lena", Date.parse("2026-05-20T09:00:00Z"), 2),
    verdict("lena", Date.parse("2026-05-27T12:00:00Z"), "junk", 2),
    lead("tom", "tom@kontor.example", tom0 - HOUR),
    demo("tom", tom0),
    verdict("tom", tom0 + 5 * DAY, "bad_fit"),
    { ...lead("stu", "stu@uni.edu", R0), id: "stu-profile" },
    demo("stu", R0 + HOUR),
  ];
}

/** Where the report tests read: every ask of the unanswered run is sent by then. */
export const REPORT_UNTIL = Date.parse("2026-07-15T00:00:00Z");

/** One feedback run as the pure engine reports it (its effects), the ground truth for the report. */
export interface EngineRun {
  contact: string;
  loop: string;
  started: number;
  asks: number;
  outcome: string | null;
}

/** The runs the engine starts for `events` up to `until`, from its feedback effects. */
export function engineRuns(events: readonly unknown[], until: number, model: Model = B2B_MODEL): EngineRun[] {
  const { effects } = runSimulation(model, emptySimulation(), events, until, (e) => e.type === "feedback");
  const runs: EngineRun[] = [];
  const current = new Map<string, EngineRun>();
  for (const e of effects as FeedbackEffect[]) {
    const id = `${e.contact}\u0000${e.loop}`;
    if (e.what === "started") {
      const run = { contact: e.contact, loop: e.loop, started: e.at, asks: 0, outcome: null };
      runs.push(run);
      current.set(id, run);
    } else if (e.what === "asked") {
      const run = current.get(id);
      if (run !== undefined) run.asks++;
    } else if (e.what === "outcome") {
      const run = current.get(id);
      // An outcome without a started run is a judgement without an alert: not an MQL.
      if (run !== undefined && run.outcome === null && run.started <= e.at) run.outcome = e.outcome ?? null;
    }
  }
  return runs;
}

/** Every stored event, as `simulate` takes them. */
export async function storedEvents(db: Db): Promise<Ev[]> {
  const rows = await db.query<{ id: string; type: string; contact: string; at: Date; props: Record<string, unknown> }>("SELECT id, type, contact, at, props FROM events ORDER BY at, id");
  return rows.map((r) => ({ id: r.id, type: r.type, contact: r.contact, at: r.at.toISOString(), props: r.props }));
}

export const TOKEN = "api-test-token-0123456789";
export const auth = { authorization: `Bearer ${TOKEN}` };

/** POSTs events and checks they were all accepted. */
export async function postEvents(app: FastifyInstance, events: readonly unknown[]): Promise<void> {
  const res = await app.inject({ method: "POST", url: "/events", headers: { ...auth, "content-type": "application/json" }, payload: JSON.stringify(events) });
  if (res.statusCode !== 200) throw new Error(`POST /events answered ${res.statusCode}: ${res.body}`);
}
