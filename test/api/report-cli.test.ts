import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../runtime/api/client.js";
import type { FeedbackDiagnosticReport, FeedbackSummaryReport } from "../../runtime/api/report-route.js";
import type { RunningServer } from "../../runtime/cli/commands/serve.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { runCli } from "../cli/run-cli.js";
import { serveFresh, type ServedDatabase } from "./fixtures.js";
import { B2B, B2B_MODEL, REPORT_UNTIL, reportHistory, TOKEN, TRICKY } from "./b2b-history.js";

/** RFC 4180: records end in CRLF; quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === "") {
      const end = text.indexOf('"', i + 1);
      let j = i + 1;
      let value = "";
      for (let k = end; ; k = text.indexOf('"', j)) {
        value += text.slice(j, k);
        if (text[k + 1] === '"') {
          value += '"';
          j = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      field = value;
      continue;
    }
    if (c === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else {
      expect(c).not.toBe("\n");
      field += c;
      i++;
    }
  }
  expect(field).toBe("");
  expect(row).toEqual([]);
  return rows;
}

describe("funnelform report feedback against a real server", () => {
  let served: ServedDatabase;
  let server: RunningServer;
  let db: Db;
  let env: Record<string, string>;
  beforeAll(async () => {
    served = await serveFresh(B2B, TOKEN);
    ({ server, db } = served);
    env = { FUNNELFORM_URL: server.url, FUNNELFORM_TOKEN: TOKEN, NO_COLOR: "1" };
    const sent = await callApi({ base: server.url, token: TOKEN }, "POST", "/events", JSON.stringify(reportHistory()));
    if (!sent.ok) throw new Error(sent.error);
    await runDueTimers(db, B2B_MODEL, REPORT_UNTIL);
  });
  afterAll(() => served.close());

  it("json is the API's summary; csv has the same numbers; text is a table with totals", async () => {
    const json = await runCli(["report", "feedback", "--format", "json", "--since", "2026-01-01"], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as FeedbackSummaryReport;
    expect(report).toMatchObject({ report: "summary", by: "month", since: "2026-01-01T00:00:00.000Z" });
    expect(report.rows.map((r) => [r.period, r.mqls])).toEqual([
      ["2026-03", 2],
      ["2026-04", 2],
      ["2026-05", 1],
    ]);

    const csv = await runCli(["report", "feedback", "--format", "csv", "--since", "2026-01-01"], env);
    expect(csv.code).toBe(0);
    const [head, ...rows] = parseCsv(csv.stdout);
    expect(head).toEqual(["loop", "period", "mqls", "bad_fit", "bad_timing", "good_lead", "junk", "unanswered", "asks"]);
    expect(rows).toEqual(
      report.rows.map((r) => [r.loop, r.period, r.mqls, r.outcomes["bad_fit"], r.outcomes["bad_timing"], r.outcomes["good_lead"], r.outcomes["junk"], r.unanswered, r.asks].map(String)),
    );

    const text = await runCli(["report", "feedback", "--since", "2026-01-01"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("MQL feedback by month");
    expect(text.stdout).toMatch(/month +MQLs +bad fit +bad timing +good lead +junk +unanswered +asks sent/);
    const total = report.rows.reduce((n, r) => n + r.mqls, 0);
    const asks = report.rows.reduce((n, r) => n + r.asks, 0);
    expect(text.stdout).toMatch(new RegExp(`total +${total} +1 +1 +1 +1 +1 +${asks}\\n`));
    expect(text.stdout).not.toContain("\u001b[");
  });

  it("--outcome lists the contacts with their score history in all three formats", async () => {
    const json = await runCli(["report", "feedback", "--outcome", "good_lead", "--format", "json"], env);
    const report = JSON.parse(json.stdout) as FeedbackDiagnosticReport;
    expect(report.contacts.map((c) => c.contact)).toEqual(["ines"]);
    const ledger = report.contacts[0]?.ledger ?? [];
    expect(ledger.length).toBeGreaterThan(0);

    const text = await runCli(["report", "feedback", "--outcome", "good_lead"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('MQLs judged "good lead": 1');
    expect(text.stdout).toContain("ines (ines@hafen.example)");
    expect(text.stdout).toContain('rule "Requested a demo"');

    const csv = parseCsv((await runCli(["report", "feedback", "--outcome", "good_lead", "--format", "csv"], env)).stdout);
    expect(csv.length).toBe(1 + ledger.length);
    expect(csv.slice(1).map((r) => [r[1], r[10], r[12], r[14]])).toEqual(ledger.map((l) => ["ines", l.score, String(l.delta), l.reason]));
  });

  it("quotes a contact id with quotes and commas in CSV, and defuses a leading formula sign", async () => {
    // The unanswered MQL has the SQL-looking id; make it answered to list it.
    const sent = await callApi({ base: server.url, token: TOKEN }, "POST", "/events", JSON.stringify([
      { id: "omar-late", type: "feedback.given", contact: TRICKY, at: "2026-07-16T00:00:00Z", props: { loop: "mql_quality", outcome: "junk", by: "=HYPERLINK(\"x\")" } },
    ]));
    expect(sent.ok).toBe(true);
    const csv = await runCli(["report", "feedback", "--outcome", "junk", "--format", "csv"], env);
    const rows = parseCsv(csv.stdout);
    const omar = rows.filter((r) => r[1] === TRICKY);
    expect(omar.length).toBeGreaterThan(0);
    expect(omar[0]?.[7]).toBe("'=HYPERLINK(\"x\")");
  });

  it("exits 2 for a parameter the API refuses and 1 when the server is not there", async () => {
    const bad = await runCli(["report", "feedback", "--outcome", "good_laed"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("did you mean `good_lead`?");
    const wrongBy = await runCli(["report", "feedback", "--by", "day"], env);
    expect(wrongBy.code).toBe(2);
    const noServer = await runCli(["report", "feedback"], { ...env, FUNNELFORM_URL: "http://127.0.0.1:9" });
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain("funnelform serve");
    const noToken = await runCli(["report", "feedback"], { ...env, FUNNELFORM_TOKEN: "wrong" });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("token");
  });
});
