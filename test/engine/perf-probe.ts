import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateHistory } from "../../bench/gen-history.js";
import { compileWorkspace } from "../../dsl/index.js";
import { applyInput, compileModel, validateEvent, type ContactState, type EventInput } from "../../runtime/engine/index.js";
const name = "b2b";
const dir = join(import.meta.dirname, "../../examples", name);
const files = readdirSync(dir).filter((f) => f.endsWith(".funnel")).map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
const r = compileWorkspace(files);
if (!r.value) throw new Error("x");
const model = compileModel(r.value.ir);
const evs: EventInput[] = [];
for (const e of generateHistory({ workspace: name, contacts: Number(process.argv[2] ?? 20000), days: 60, seed: 1 })) {
  const v = validateEvent(model, e);
  if (v.ok) evs.push(v.event);
}
evs.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
const states = new Map<string, ContactState>();
const kinds: Record<string, number> = {};
const c0 = process.cpuUsage();
for (const event of evs) {
  const res = applyInput(model, states.get(event.contact), { kind: "event", event });
  states.set(event.contact, res.state);
  for (const e of res.effects) kinds[e.type] = (kinds[e.type] ?? 0) + 1;
}
const cu = process.cpuUsage(c0);
const dt = (cu.user + cu.system) / 1000;
console.log(`${evs.length} events, ${states.size} contacts: ${((evs.length / dt) * 1000).toFixed(0)} events/s CPU`);
let bytes = 0;
for (const s of states.values()) bytes += JSON.stringify(s).length;
console.log(`avg state ${(bytes / states.size).toFixed(0)} B`, JSON.stringify(kinds));
let big: ContactState | undefined; let bl = 0;
for (const s of states.values()) { const l = JSON.stringify(s).length; if (l > bl) { bl = l; big = s; } }
console.log(bl, JSON.stringify(big));
