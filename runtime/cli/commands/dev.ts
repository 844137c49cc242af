/**
 * `funnelform dev PATH [--demo] [--once]`: the whole runtime on a laptop (SPEC section 6) —
 * a database (DATABASE_URL, else a throwaway PostgreSQL server, else the embedded one), the
 * workspace applied, Temporal (TEMPORAL_ADDRESS, else the dev server with its UI), the
 * worker, the channel sender (channels whose variables are unset write to the log) and the
 * HTTP API — with the URLs printed. `--demo` feeds the workspace's sample history and shows
 * the MQLs, the feedback requests and the feedback report; `--once` stops after that.
 */
import { randomBytes } from "node:crypto";
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { buildApi } from "../../api/server.js";
import { consoleEnv } from "../../console/console-env.js";
import { startChannelSender } from "../../channels/index.js";
import { openDevDatabase, type DevDatabase } from "../../dev/database.js";
import { feed, sampleHistoryPath, settle, shiftedHistory, summarize } from "../../dev/demo.js";
import { startDevTemporal, type DevTemporal } from "../../dev/temporal.js";
import { compileModel } from "../../engine/index.js";
import { describeReevaluation, reevaluateHook, type ReevaluationSummary } from "../../ingest/reevaluate.js";
import { applyVersion } from "../../store/versions.js";
import { startFunnelformWorker, type RunningWorker } from "../../temporal/worker.js";
import { loadWorkspace } from "../load-workspace.js";
import { DEFAULT_PORT } from "./serve.js";
import { reportFeedbackCommand } from "./report.js";

export interface DevOptions {
  demo: boolean;
  once: boolean;
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Everything dev started, stopped in reverse order. */
class Running {
  private readonly stops: (() => Promise<void>)[] = [];
  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }
  async stopAll(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch((error: unknown) => say(`while stopping: ${error instanceof Error ? error.message : String(error)}`));
  }
}

export async function devCommand(path: string, opts: DevOptions): Promise<number> {
  const ws = loadWorkspace(path);
  if (!ws.compiled) {
    say(`dev: ${path} does not compile: run funnelform validate ${path} to see why`);
    return 1;
  }
  const ir = ws.compiled.ir;
  // The SDK's own progress lines (bundling, worker states) would bury the URLs.
  Runtime.install({ logger: new DefaultLogger("WARN") });
  const env: Record<string, string | undefined> = { ...process.env };
  // dev makes up what a laptop has no reason to configure, and says so.
  const token = env["FUNNELFORM_TOKEN"] ?? randomBytes(18).toString("base64url");
  const secret = env["FUNNELFORM_SECRET"] ?? randomBytes(32).toString("base64url");
  env["FUNNELFORM_TOKEN"] = token;
  env["FUNNELFORM_SECRET"] = secret;
  const port = Number(env["FUNNELFORM_PORT"] ?? DEFAULT_PORT);
  const host = env["FUNNELFORM_HOST"] || "127.0.0.1";

  const running = new Running();
  let stopped: (() => void) | undefined;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const onSignal = (): void => stopped?.();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let data: DevDatabase;
    try {
      data = await openDevDatabase(env, say);
    } catch (error) {
      say(`dev: cannot open a database: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    running.add(() => data.close());
    const { db } = data;

    const reevaluated: ReevaluationSummary[] = [];
    const applied = await applyVersion(db, { ir, sourceRef: path, appliedBy: "funnelform dev", reevaluateContacts: reevaluateHook((s) => reevaluated.push(s)) });
    say(`applied ${path} (version ${ir.version}, ${applied.active.hash.slice(0, 12)})${applied.changed ? "" : ": already active"}`);
    if (reevaluated[0] !== undefined && reevaluated[0].contacts > 0) say(describeReevaluation(reevaluated[0]));

    // The sample is fed before the worker starts: its events lie in the past, and a decay or
    // refresh sweep run at "now" between two of its batches would move contacts past events
    // still to come (late events do not rewind a contact), so the demo would differ from
    // `simulate` — more so the slower the machine.
    if (opts.demo && !(await feedDemo(path, db, ir))) return 1;

    const temporal: DevTemporal | { error: string } = await startDevTemporal(env, say);
    if ("error" in temporal) {
      say(`dev: ${temporal.error}`);
      return 1;
    }
    running.add(() => temporal.close());
    const worker: RunningWorker = await startFunnelformWorker({ db, client: temporal.client, connection: temporal.connection, namespace: temporal.namespace, log: say });
    running.add(() => worker.shutdown());

    const consoleSettings = consoleEnv(env, token, temporal.uiUrl);
    if ("error" in consoleSettings) {
      say(`dev: ${consoleSettings.error}`);
      return 1;
    }
    const app = await buildApi({ db, token, ...consoleSettings, feedbackSecret: secret, onError: (e) => say(`request failed: ${e.stack ?? e.message}`) });
    await app.listen({ host, port });
    running.add(() => app.close());
    const address = app.server.address();
    const apiUrl = `http://${host}:${address !== null && typeof address === "object" ? address.port : port}`;
    env["FUNNELFORM_URL"] ??= apiUrl;

    const senderStop = new AbortController();
    const channels = await startChannelSender({ db, env, worker: "dev", signal: senderStop.signal, unsetAsLog: true, log: say });
    if (!channels.ok) {
      for (const e of channels.errors) say(`dev: ${e}`);
      return 1;
    }
    running.add(async () => {
      senderStop.abort();
      await channels.done;
    });

    say("");
    say(`funnelform dev is running ${path}, data in ${data.where}`);
    say(`  console          ${apiUrl}/   (sign in with the token below)`);
    say(`  API              ${apiUrl}   (Authorization: Bearer ${token})`);
    say(`  feedback links   ${env["FUNNELFORM_URL"]}/feedback/…`);
    say(`  Temporal         ${temporal.address}${temporal.uiUrl === undefined ? "" : `   UI ${temporal.uiUrl}`}`);
    say(`  try              FUNNELFORM_URL=${apiUrl} FUNNELFORM_TOKEN=${token} npx funnelform contact show ID`);
    say("");

    if (opts.demo) {
      const code = await reportDemo(db, secret, env);
      if (code !== 0) return code;
    }
    if (opts.once) return 0;
    say("Ctrl-C to stop");
    await stop;
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await running.stopAll();
  }
}

/** Feeds the workspace's sample history, moved to end a minute ago; false (said why) when it cannot. */
async function feedDemo(path: string, db: DevDatabase["db"], ir: Parameters<typeof compileModel>[0]): Promise<boolean> {
  const file = sampleHistoryPath(path);
  if (file === undefined) {
    say(`dev --demo: ${path} has no samples/events.ndjson to feed; examples/b2b has one`);
    return false;
  }
  const { events, problems } = shiftedHistory(file, Date.now());
  if (problems.length > 0) {
    for (const p of problems.slice(0, 5)) say(p);
    return false;
  }
  const fed = await feed(db, compileModel(ir), events);
  if ("error" in fed) {
    say(`dev --demo: the sample was refused: ${fed.error}`);
    return false;
  }
  say(`fed ${fed.accepted.toLocaleString("en")} events for ${fed.contacts} contacts from ${file}, moved to end a minute ago${fed.duplicates > 0 ? ` (${fed.duplicates} already there)` : ""}`);
  return true;
}

/** Once the worker has caught up: the MQLs, the feedback requests and the feedback report. */
async function reportDemo(db: DevDatabase["db"], secret: string, env: Record<string, string | undefined>): Promise<number> {
  say("waiting for the worker to catch up (feedback loops, decay, campaigns)…");
  const left = await settle(db, 180_000);
  if (left > 0) say(`(still ${left} things due after three minutes: the summary below is what is done so far)`);
  const s = await summarize(db, secret, env["FUNNELFORM_URL"] ?? "");
  const out = process.stdout;
  out.write(`\nMQLs: ${s.mqls.contacts} contacts crossed a threshold (${s.mqls.fires} alerts)${s.mqls.first.length > 0 ? `, e.g. ${s.mqls.first.join(", ")}` : ""}\n`);
  out.write(`Feedback requests: ${s.asks.sent} sent${s.asks.owners.length > 0 ? ` to ${s.asks.owners.join(", ")}` : ""}; ${s.asks.openLoops} MQLs still wait for a verdict\n`);
  if (s.exampleLinks !== undefined) {
    out.write(`  the links in the request about ${s.exampleLinks.contact} (one click records the verdict):\n`);
    for (const [outcome, url] of Object.entries(s.exampleLinks.links)) out.write(`    ${outcome.padEnd(11)} ${url}\n`);
  }
  out.write("\nFeedback report:\n");
  const saved = { url: process.env["FUNNELFORM_URL"], token: process.env["FUNNELFORM_TOKEN"] };
  process.env["FUNNELFORM_URL"] = env["FUNNELFORM_URL"];
  process.env["FUNNELFORM_TOKEN"] = env["FUNNELFORM_TOKEN"];
  try {
    return await reportFeedbackCommand({ by: "month", format: "text" });
  } finally {
    if (saved.url === undefined) delete process.env["FUNNELFORM_URL"];
    else process.env["FUNNELFORM_URL"] = saved.url;
    if (saved.token === undefined) delete process.env["FUNNELFORM_TOKEN"];
    else process.env["FUNNELFORM_TOKEN"] = saved.token;
  }
}
