/**
 * The console in a real browser: Debian's Chromium driven by playwright-core against a real
 * PostgreSQL holding the b2b history. Checks what a person sees against what the API says,
 * and the sign-in's guarantees from inside the page. Screenshots of every page (desktop and
 * a 390 px phone) go to FUNNELFORM_ARTIFACTS (default `.cache/test-artifacts/console/`).
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../../runtime/api/server.js";
import type { FunnelReport } from "../../runtime/console/funnel.js";
import type { ScoresReport } from "../../runtime/console/scores.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { feedbackLoopId } from "../../runtime/temporal/workflow-ids.js";
import type { Ir } from "../../schemas/ir.js";
import { auth, B2B, B2B_MODEL, HOUR, postEvents, REPORT_UNTIL, TOKEN } from "../api/b2b-history.js";
import { ensureChromium } from "../setup/chromium.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { consoleHistory, HOSTILE } from "./history.js";

const READ_TOKEN = "read-only-token-0123456789";
const UI = "http://temporal-ui.example:8233/namespaces/default";
const ARTIFACTS = process.env["FUNNELFORM_ARTIFACTS"] ?? join(".cache", "test-artifacts", "console");
const PHONE = { width: 390, height: 844 };
const postgres = BACKENDS.filter((b) => b.kind === "postgres");

/** The same workspace one version earlier (another score label): the Versions page has a plan to show. */
function earlierB2b(): Ir {
  const { hash: _hash, ...ir } = structuredClone(B2B);
  const engagement = ir.scores["engagement"];
  if (engagement === undefined) throw new Error("b2b has no engagement score");
  return { ...ir, version: "0.9", scores: { ...ir.scores, engagement: { ...engagement, label: "Engagement (old)" } } };
}

/** What a page's Chart.js chart holds: the numbers it draws, read from the library itself. */
type ChartData = { labels: string[]; datasets: { label: string; data: (number | { x: number; y: number } | null)[] }[] };

describe.each(postgres)("the web console in Chromium on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base = "";
  let clock = REPORT_UNTIL;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = ensureChromium((line) => process.stderr.write(`[browser test] ${line}\n`));
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, readToken: READ_TOKEN, temporalUiUrl: UI, now: () => clock });
    await applyVersion(db, { ir: earlierB2b(), appliedBy: "ops@northwind.example" });
    await applyVersion(db, { ir: B2B, appliedBy: "jane@northwind.example" });
    await postEvents(app, consoleHistory());
    await runDueTimers(db, B2B_MODEL, REPORT_UNTIL);
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await backend?.dispose();
  }, HOOK_TIMEOUT);

  const shot = async (name: string, p: Page = page): Promise<void> => {
    await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const apiJson = async <T>(url: string): Promise<T> => (await app.inject({ method: "GET", url, headers: auth })).json<T>();
  const signIn = async (p: Page, token: string): Promise<void> => {
    await p.goto(`${base}/`);
    await p.locator("#token").waitFor();
    await p.fill("#token", token);
    await p.click("main button[type=submit]");
  };
  const chartData = (p: Page, selector: string): Promise<ChartData | null> =>
    p.evaluate((sel) => {
      const canvas = document.querySelector(sel);
      const c = canvas instanceof HTMLCanvasElement ? (globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: unknown } | undefined } }).Chart.getChart(canvas) : undefined;
      return c === undefined ? null : (JSON.parse(JSON.stringify(c.data)) as ChartData);
    }, selector);
  const go = async (hash: string, ready: string, p: Page = page): Promise<void> => {
    await p.goto(`${base}/console/#/${hash}`);
    await p.locator(ready).first().waitFor();
  };

  it("refuses a wrong token and shows why", async () => {
    await signIn(page, "not-the-token-at-all-0000");
    await page.locator(".error").waitFor();
    expect(await page.locator(".error").textContent()).toMatch(/token is wrong/);
    expect(await page.locator("#nav").isVisible()).toBe(false);
    expect(await context.cookies()).toEqual([]);
    await shot("sign-in-refused");
  });

  it("signs in with an HttpOnly, SameSite=Strict cookie and shows the funnel with the API's numbers", async () => {
    await signIn(page, TOKEN);
    await page.locator('table[data-pipeline="lifecycle"]').waitFor();
    // The history runs from March to June: look at conversion since January.
    await page.fill("#since", "2026-01-01");
    await page.click("main form button[type=submit]");
    await page.locator('canvas[data-funnel="lifecycle"]').waitFor();
    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: "funnelform_session", httpOnly: true, sameSite: "Strict" });
    expect(cookie?.value).not.toContain(TOKEN);
    expect(await page.locator("#nav").isVisible()).toBe(true);
    expect(await page.locator("#read-only").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.cookie + JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toContain(TOKEN);

    const funnel = await apiJson<FunnelReport>("/api/console/funnel?since=2026-01-01");
    const stages = funnel.pipelines.find((p) => p.name === "lifecycle")?.keys[0]?.stages ?? [];
    expect(stages.length).toBeGreaterThan(2);
    for (const s of stages) {
      const cell = page.locator(`table[data-pipeline="lifecycle"] tr[data-stage="${s.name}"] td:nth-child(2)`);
      expect((await cell.textContent())?.trim(), s.name).toBe(s.contacts.toLocaleString("en"));
    }
    const chain = stages.filter((s) => s.category !== "not_succeeded");
    const drawn = await chartData(page, 'canvas[data-funnel="lifecycle"]');
    expect(drawn?.labels).toEqual(chain.map((s) => s.label));
    expect(drawn?.datasets.map((d) => d.data)).toEqual([chain.map((s) => s.entered), chain.map((s) => s.advanced)]);
    await shot("funnel");
  });

  it("draws each score's spread with its thresholds, and the weekly crossings, as the API counts them", async () => {
    await go("scores", 'canvas[data-score="engagement"]');
    const report = await apiJson<ScoresReport>("/api/console/scores");
    for (const sc of report.scores) {
      expect((await chartData(page, `canvas[data-score="${sc.score}"]`))?.datasets[0]?.data, sc.score).toEqual(sc.buckets);
      const cells = page.locator(`table[data-score="${sc.score}"] tbody tr td:nth-child(2)`);
      expect(await cells.count(), sc.score).toBe(sc.buckets.length);
    }
    const fires = await chartData(page, 'canvas[data-chart="fires"]');
    const total = (fires?.datasets ?? []).flatMap((d) => d.data as number[]).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.fires.reduce((n, f) => n + f.fires, 0));
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('table[data-table="suppressions"] tbody tr').count()).toBe(Math.max(1, report.suppressions.length));
    await shot("scores");
  });

  it("shows a hostile contact as text, with one timeline point per ledger row ending at the stored score", async () => {
    await go(`contact/id/${encodeURIComponent(HOSTILE)}`, "h1 code");
    expect(await page.locator("h1 code").textContent()).toBe(HOSTILE);
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => document.body.textContent ?? "")).toContain("<img src=x onerror=alert(1)>");
    expect(dialogs).toEqual([]);
    const stored = await db.query<{ score: string; value: number }>("SELECT score, value FROM scores WHERE contact = $1 AND key = '' ORDER BY score", [HOSTILE]);
    const ledger = await db.query<{ score: string }>("SELECT score FROM ledger WHERE contact = $1 AND key = ''", [HOSTILE]);
    expect(stored.length).toBeGreaterThan(0);
    for (const s of stored) {
      const points = (await chartData(page, `canvas[data-score="${s.score}"]`))?.datasets[0]?.data as { x: number; y: number }[];
      expect(points, s.score).toHaveLength(ledger.filter((r) => r.score === s.score).length);
      expect(points.at(-1)?.y, s.score).toBe(s.value);
    }
    // The keyboard reaches what hovering shows: focus the chart, step to the first change.
    const [first] = await db.query<{ reason: string; type: string | null; config_hash: string }>(
      "SELECT l.reason, e.type, l.config_hash FROM ledger l LEFT JOIN events e ON e.id = l.event_id WHERE l.contact = $1 AND l.score = 'engagement' AND l.key = '' ORDER BY l.at, l.seq LIMIT 1",
      [HOSTILE],
    );
    await page.focus('canvas[data-score="engagement"]');
    await page.keyboard.press("End");
    await page.keyboard.press("Home");
    const tip = await page.evaluate(() => {
      const canvas = document.querySelector('canvas[data-score="engagement"]');
      const c = canvas instanceof HTMLCanvasElement ? (globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): { tooltip: { getActiveElements(): { index: number }[]; body: { lines: string[] }[] } } | undefined } }).Chart.getChart(canvas) : undefined;
      return { active: c?.tooltip.getActiveElements().map((a) => a.index) ?? [], lines: c?.tooltip.body.flatMap((b) => b.lines) ?? [] };
    });
    expect(tip.active).toEqual([0]);
    expect(first?.reason).toMatch(/^rule:/);
    expect(tip.lines).toContain(`rule: ${first?.reason.slice("rule:".length) ?? "?"}`);
    expect(tip.lines.some((l) => l.startsWith(`event: ${first?.type ?? "?"} `))).toBe(true);
    expect(tip.lines).toContain(`config: ${first?.config_hash.slice(0, 12) ?? "?"}`);
    await shot("contact");
  });

  it("finds a contact by email, and links its feedback run to the Temporal UI", async () => {
    await go(`contact/search/${encodeURIComponent("lena@")}`, 'main a[href="#/contact/id/lena"]');
    await shot("contact-search");
    await page.click('main a[href="#/contact/id/lena"]');
    await page.locator('table[data-table="workflows"]').waitFor();
    expect(await page.locator("h1 code").textContent()).toBe("lena");
    const links = await page.locator('table[data-table="workflows"] a').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const runs = await db.query<{ loop: string; started: number }>("SELECT loop, (cell ->> 'startedAt')::float8 AS started FROM feedback_runs WHERE contact = 'lena'");
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(links).toContain(`${UI}/workflows/${encodeURIComponent(feedbackLoopId(r.loop, "lena", Number(r.started)))}`);
    for (const href of links) expect(href?.startsWith(`${UI}/workflows/`)).toBe(true);
  });

  it("shows feedback per month with MQL precision drawn over time", async () => {
    await go("feedback/good_lead", "#drill");
    const report = await apiJson<{ rows: { loop: string; period: string; outcomes: Record<string, number> }[]; loops: { loop: string }[] }>("/reports/feedback?by=month");
    const shown = await page.evaluate(() => [...document.querySelectorAll("main table")][0]?.querySelectorAll("tbody tr").length ?? 0);
    expect(shown).toBe(report.rows.length);
    expect(await page.locator('main a[href="#/contact/id/ines"]').count()).toBe(1);
    const loop = report.loops[0]?.loop ?? "";
    const precision = await chartData(page, `canvas[data-precision="${loop}"]`);
    const rows = report.rows.filter((r) => r.loop === loop);
    expect(precision?.labels).toEqual(rows.map((r) => r.period));
    const expected = rows.map((r) => {
      const answered = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
      const right = (r.outcomes["good_lead"] ?? 0) + (r.outcomes["bad_timing"] ?? 0);
      return answered ? Math.round((right / answered) * 1000) / 10 : null;
    });
    expect(precision?.datasets[0]?.data).toEqual(expected);
    await shot("feedback");
  });

  it("lists the applied versions and the plan between two of them as `plan` prints it", async () => {
    await go("versions", "pre.plan");
    expect(await page.evaluate(() => document.querySelector("main")?.textContent ?? "")).toContain("jane@northwind.example");
    const versions = await apiJson<{ versions: { hash: string }[] }>("/api/console/versions");
    const plan = await apiJson<{ text: string }>(`/api/console/plan?from=${versions.versions[1]?.hash ?? ""}&to=${B2B_MODEL.hash}`);
    expect(await page.locator("pre.plan").textContent()).toBe(plan.text);
    expect(plan.text).toContain("Engagement (old)");
    await shot("versions");
  });

  it("refuses a write sent without the CSRF token from inside the signed-in page", async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch("/contacts/ines/stages/lifecycle", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ stage: "lost", by: "mallory@evil.example" }) });
      return res.status;
    });
    expect(status).toBe(403);
    expect((await apiJson<{ stages: Record<string, string> }>("/contacts/ines")).stages["lifecycle"]).not.toBe("lost");
  });

  it("sets a stage by hand in the page, and it holds after a later event", async () => {
    clock = REPORT_UNTIL + HOUR;
    const form = 'form[data-pipeline="lifecycle"]';
    await go("contact/id/tom", form);
    await page.selectOption(`${form} select`, "sales_accepted");
    await page.fill(`${form} input[name="by"]`, "jane@northwind.example");
    await page.click(`${form} button[type="submit"]`);
    await page.locator('button[data-unlock="lifecycle"]').waitFor();
    // A deal opened would move the contact on to opportunity: the hand-set stage holds.
    await postEvents(app, [{ id: "tom-deal", type: "crm.deal_opened", contact: "tom", at: new Date(REPORT_UNTIL + 2 * HOUR).toISOString(), props: { deal_id: "d1", amount: 10 } }]);
    clock = REPORT_UNTIL + 3 * HOUR;
    await page.reload();
    await page.locator('.card[data-pipeline="lifecycle"] .big').waitFor();
    expect((await apiJson<{ stages: Record<string, string> }>("/contacts/tom")).stages["lifecycle"]).toBe("sales_accepted");
    expect(await page.locator('.card[data-pipeline="lifecycle"] .big').textContent()).toBe("sales_accepted");
    await shot("contact-manual-stage");
  });

  it("fits a phone's width on every page", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    const pages: [string, string][] = [
      ["funnel", 'table[data-pipeline="lifecycle"]'],
      ["scores", 'canvas[data-score="engagement"]'],
      [`contact/id/lena`, 'table[data-table="workflows"]'],
      ["feedback", "main table"],
      ["versions", "pre.plan"],
    ];
    for (const [hash, ready] of pages) {
      await go(hash, ready, phone);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), hash).toBeLessThanOrEqual(PHONE.width);
      // One screen, as a phone shows it (a full page at 390 px is too tall to look at); charts
      // are what a narrow screen strains, so the first one is scrolled into view.
      if ((await phone.locator("main canvas").count()) > 0) await phone.locator("main canvas").first().scrollIntoViewIfNeeded();
      await phone.screenshot({ path: join(ARTIFACTS, `phone-${hash.split("/")[0] ?? hash}.png`) });
    }
    await phone.close();
  });

  it("signs in read-only: write controls are gone and the server refuses a write", async () => {
    const ro = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await ro.newPage();
    await signIn(p, READ_TOKEN);
    await p.locator('table[data-pipeline="lifecycle"]').waitFor();
    expect(await p.locator("#read-only").isVisible()).toBe(true);
    await go("contact/id/ines", "[data-read-only]", p);
    expect(await p.locator("form[data-pipeline]").count()).toBe(0);
    const refused = await p.evaluate(async () => {
      const me = (await (await fetch("/api/console/session")).json()) as { csrf: string };
      const res = await fetch("/contacts/ines/stages/lifecycle", { method: "PUT", headers: { "content-type": "application/json", "x-csrf-token": me.csrf }, body: JSON.stringify({ stage: "lost", by: "viewer@northwind.example" }) });
      return { status: res.status, body: (await res.json()) as { error: string } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/may only read/);
    await shot("contact-read-only", p);
    await ro.close();
  });

  it("signs out: the session stops working", async () => {
    await go("funnel", 'table[data-pipeline="lifecycle"]');
    await page.click("#signout");
    await page.locator("#token").waitFor();
    const status = await page.evaluate(async () => (await fetch("/api/console/funnel")).status);
    expect(status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
