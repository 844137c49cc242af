import { Command, CommanderError, Option } from "commander";
import { toolVersion } from "./version.js";

/**
 * Commands are loaded on first use: `validate` must start fast in CI, so it does not
 * pay for the engine, the runtime or the printers.
 */
type Code = number | Promise<number>;

/** `-out FILE` / `-out=FILE`, as Terraform users type it, is `--out`. */
function terraformStyle(arg: string): string {
  return arg === "-out" ? "--out" : arg.startsWith("-out=") ? `--out=${arg.slice(5)}` : arg;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 errors, 2 usage errors. */
export async function main(argv: string[]): Promise<number> {
  // Widened on purpose: an action may set a promise, which TS's narrowing cannot see.
  let code = 0 as Code;
  const set = (c: Code): void => {
    code = c;
  };
  const program = new Command("funnelform")
    .description("Configuration-as-code for the marketing funnel.")
    .version(toolVersion(), "-V, --version", "print funnelform's version")
    .exitOverride()
    // Program options only before the command: `apply --version HASH` is apply's own option.
    .enablePositionalOptions()
    .showHelpAfterError("(run funnelform help for the commands)")
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("validate")
    .description("parse, check and lint workspaces (each PATH is a workspace folder or file)")
    .argument("[paths...]", "workspace folders or files", [])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github", "sarif"]).default("text"))
    .action(async (paths: string[], opts: { format: "text" | "json" | "github" | "sarif" }) => {
      const { validateCommand } = await import("./commands/validate.js");
      set(validateCommand(paths, opts.format));
    });

  program
    .command("compile")
    .description("print the canonical IR (with its hash) of a workspace")
    .argument("<path>", "workspace folder or file")
    .option("-o, --out <file>", "write the IR to FILE instead of standard output")
    .action(async (path: string, opts: { out?: string }) => {
      const { compileCommand } = await import("./commands/compile.js");
      set(compileCommand(path, opts.out));
    });

  program
    .command("fmt")
    .description("rewrite DSL and YAML files in canonical form")
    .argument("[paths...]", "files or folders", [])
    .option("--check", "change nothing; list files that are not formatted and exit 1 if any")
    .action(async (paths: string[], opts: { check?: boolean }) => {
      const { fmtCommand } = await import("./commands/fmt.js");
      set(fmtCommand(paths.length > 0 ? paths : ["."], opts.check === true));
    });

  program
    .command("convert")
    .description("convert between the DSL and YAML, losslessly")
    .argument("<path>", "a file, or a workspace folder (then -o is required)")
    .addOption(new Option("--to <syntax>", "target syntax").choices(["dsl", "yaml"]).makeOptionMandatory())
    .option("-o, --out <dir>", "folder to write the converted files to")
    .action(async (path: string, opts: { to: "dsl" | "yaml"; out?: string }) => {
      const { convertCommand } = await import("./commands/convert.js");
      set(convertCommand(path, opts.to, opts.out));
    });

  program
    .command("plan")
    .description("what a change does: the semantic diff against a base version")
    .argument("<path>", "the workspace as changed")
    .requiredOption("--base <base>", "the version to compare with: a PATH, git:REF, or deployed")
    .option("--events <file>", "replay a history of events (NDJSON) under both versions and report the impact")
    .option("--from-db", "replay the runtime's own event history instead, and count its work in flight (DATABASE_URL or the embedded database)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("--out <file>", "save the plan for apply (also written -out FILE, as in Terraform)")
    .option("--detailed-exitcode", "exit 0 when nothing changes, 2 when something does, 1 on errors")
    .action(async (path: string, opts: { base: string; events?: string; fromDb?: boolean; format: "text" | "json" | "markdown"; out?: string; detailedExitcode?: boolean }) => {
      const { planCommand } = await import("./commands/plan.js");
      const o: import("./commands/plan.js").PlanOptions = { base: opts.base, format: opts.format, detailedExitcode: opts.detailedExitcode === true, fromDb: opts.fromDb === true };
      if (opts.events !== undefined) o.events = opts.events;
      if (opts.out !== undefined) o.out = opts.out;
      set(planCommand(path, o));
    });

  program
    .command("simulate")
    .description("replay a history of events with the pure engine and print every contact's end state")
    .argument("<path>", "workspace folder or file")
    .requiredOption("--events <file>", "the history: NDJSON, one event a line")
    .option("--until <time>", "fire due timers (decay, waits, feedback asks) up to this date-time after the last event")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (path: string, opts: { events: string; until?: string; format: "text" | "json" }) => {
      const { simulateCommand } = await import("./commands/simulate.js");
      const o: import("./commands/simulate.js").SimulateCommandOptions = { events: opts.events, format: opts.format };
      if (opts.until !== undefined) o.until = opts.until;
      set(simulateCommand(path, o));
    });

  program
    .command("test")
    .description("run the scenario tests (*.test.yaml) of the workspaces under PATH")
    .argument("[path]", "a folder to search, or one test file", ".")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "junit"]).default("text"))
    .action(async (path: string, opts: { format: "text" | "json" | "junit" }) => {
      const { testCommand } = await import("./commands/test.js");
      set(testCommand(path, opts.format));
    });

  program
    .command("apply")
    .description("deploy a workspace or a saved plan to the runtime (or roll back with --version)")
    .argument("[path]", "a workspace folder or file, or a plan file saved with plan --out")
    .option("--expect-base <hash>", "refuse unless this hash is the deployed version")
    .option("--version <hash>", "make an earlier stored version active again (rollback)")
    .option("-y, --yes", "apply without asking (needed without a terminal)")
    .action(async (path: string | undefined, opts: { expectBase?: string; version?: string; yes?: boolean }) => {
      const { applyCommand } = await import("./commands/apply.js");
      const o: import("./commands/apply.js").ApplyOptions = { yes: opts.yes === true };
      if (opts.expectBase !== undefined) o.expectBase = opts.expectBase;
      if (opts.version !== undefined) o.version = opts.version;
      set(applyCommand(path, o));
    });

  program
    .command("force-unlock")
    .description("remove the apply lock of an apply that crashed (prints who held it)")
    .action(async () => {
      const { forceUnlockCommand } = await import("./commands/force-unlock.js");
      set(forceUnlockCommand());
    });

  program
    .command("serve")
    .description("run the HTTP API (events in, contacts out) on FUNNELFORM_HOST:FUNNELFORM_PORT")
    .action(async () => {
      const { serveCommand } = await import("./commands/serve.js");
      set(serveCommand());
    });

  program
    .command("dev")
    .description("the whole runtime on this machine: database, Temporal, worker and API, with the workspace applied")
    .argument("<path>", "the workspace folder")
    .option("--demo", "feed the workspace's samples/events.ndjson and show the MQLs, feedback requests and feedback report")
    .option("--once", "stop after starting (and after the demo) instead of running until Ctrl-C")
    .action(async (path: string, opts: { demo?: boolean; once?: boolean }) => {
      const { devCommand } = await import("./commands/dev.js");
      set(devCommand(path, { demo: opts.demo === true, once: opts.once === true }));
    });

  program
    .command("worker")
    .description("run the Temporal worker: decay loops, segment refresh, feedback loops, campaigns (TEMPORAL_ADDRESS, DATABASE_URL)")
    .action(async () => {
      const { workerCommand } = await import("./commands/worker.js");
      set(workerCommand());
    });

  program
    .command("events")
    .description("send events to the runtime")
    .command("send")
    .description("send an NDJSON file of events to FUNNELFORM_URL in batches of 1,000")
    .argument("<file>", "NDJSON, one event a line")
    .action(async (file: string) => {
      const { eventsSendCommand } = await import("./commands/events.js");
      set(eventsSendCommand(file));
    });

  program
    .command("contact")
    .description("look at a contact in the runtime")
    .command("show")
    .description("a contact's scores, stages, segments and tags (--explain: why)")
    .argument("<id>", "the contact's id")
    .option("--explain", "add the ledger (every score change with its reason) and the stage history")
    .option("--at <time>", "the view at this date-time instead of now")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (id: string, opts: { explain?: boolean; at?: string; format: "text" | "json" }) => {
      const { contactShowCommand } = await import("./commands/contact.js");
      const o: import("./commands/contact.js").ContactShowOptions = { explain: opts.explain === true, format: opts.format };
      if (opts.at !== undefined) o.at = opts.at;
      set(contactShowCommand(id, o));
    });

  program
    .command("report")
    .description("reports from the runtime")
    .command("feedback")
    .description("MQL feedback: MQLs per outcome per period (--outcome X: those contacts with their score history)")
    .option("--since <time>", "alerts from this date, date-time or span back (90d, 12w)")
    .addOption(new Option("--by <period>", "group the alerts by").choices(["week", "month"]).default("month"))
    .option("--outcome <outcome>", "list the contacts of this outcome with their score history")
    .option("--loop <loop>", "only this feedback loop")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "csv"]).default("text"))
    .action(async (opts: { since?: string; by: "week" | "month"; outcome?: string; loop?: string; format: "text" | "json" | "csv" }) => {
      const { reportFeedbackCommand } = await import("./commands/report.js");
      const o: import("./commands/report.js").ReportFeedbackOptions = { by: opts.by, format: opts.format };
      if (opts.since !== undefined) o.since = opts.since;
      if (opts.outcome !== undefined) o.outcome = opts.outcome;
      if (opts.loop !== undefined) o.loop = opts.loop;
      set(reportFeedbackCommand(o));
    });


  try {
    await program.parseAsync(argv.map(terraformStyle), { from: "user" });
    return await code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
