/**
 * Seeded generator of realistic event histories (NDJSON) for the example workspaces.
 *
 *   tsx bench/gen-history.ts --workspace b2b --contacts 1000 --days 90 --seed 1 > history.ndjson
 *
 * Streams: memory holds one day of events, so tens of millions of lines are fine.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_START, generateHistory, type HistoryOptions } from "./history/generate.js";
import { isWorkspaceName, WORKSPACES } from "./history/vocabulary.js";

export { contactId, DEFAULT_START, generateHistory, type HistoryEvent, type HistoryOptions } from "./history/generate.js";
export { WORKSPACES, type WorkspaceName } from "./history/vocabulary.js";

/** One event as its NDJSON line (without the newline), keys in the documented order. */
export function toNdjsonLine(e: { id: string; type: string; contact: string; at: string; props: object }): string {
  return JSON.stringify({ id: e.id, type: e.type, contact: e.contact, at: e.at, props: e.props });
}

/** The whole history as one string: for tests and small sizes only. */
export function historyText(options: HistoryOptions): string {
  let out = "";
  for (const e of generateHistory(options)) out += `${toNdjsonLine(e)}\n`;
  return out;
}

/**
 * Writes the history to `out` as NDJSON, in chunks, waiting for `drain` when the stream is
 * full. Resolves with the number of events written.
 */
export async function writeHistory(options: HistoryOptions, out: Writable): Promise<number> {
  let n = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const ok = out.write(`${chunk.join("\n")}\n`);
    chunk = [];
    if (!ok) await once(out, "drain");
  };
  for (const e of generateHistory(options)) {
    chunk.push(toNdjsonLine(e));
    n++;
    if (chunk.length >= 2000) await flush();
  }
  await flush();
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: "string", default: "b2b" },
      contacts: { type: "string", default: "1000" },
      days: { type: "string", default: "90" },
      seed: { type: "string", default: "1" },
      start: { type: "string", default: DEFAULT_START },
      rate: { type: "string", default: "0.15" },
    },
  });
  const contacts = Number(values.contacts);
  const days = Number(values.days);
  const seed = Number(values.seed);
  const rate = Number(values.rate);
  const ok = Number.isInteger(contacts) && contacts > 0 && Number.isInteger(days) && days > 0 && Number.isInteger(seed) && rate > 0;
  if (!isWorkspaceName(values.workspace) || !ok || Number.isNaN(Date.parse(values.start))) {
    process.stderr.write(
      `usage: tsx bench/gen-history.ts --workspace ${Object.keys(WORKSPACES).join("|")} --contacts N --days N --seed N [--start ISO] [--rate SESSIONS_PER_DAY] > history.ndjson\n`,
    );
    return 2;
  }
  const n = await writeHistory({ workspace: values.workspace, contacts, days, seed, start: values.start, sessionsPerDay: rate }, process.stdout);
  process.stderr.write(`${n} events\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main(process.argv.slice(2));
