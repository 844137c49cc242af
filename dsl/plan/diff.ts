import type { Ir } from "../../schemas/ir.js";
import { alignStepViews } from "./align-steps.js";
import { ENTITY_KINDS, entitiesOf, type EntityKind, type EntityTable, type EntityView } from "./entity-views.js";

export interface AttributeChange {
  attribute: string;
  before?: string;
  after?: string;
}

export interface EntityChange {
  kind: EntityKind;
  name: string;
  action: "add" | "change" | "remove" | "rename";
  /** For a rename: the old name. */
  from?: string;
  /** For add/remove: every attribute; for change: the ones that differ. */
  attributes: AttributeChange[];
}

export interface IrDiff {
  changes: EntityChange[];
  summary: { add: number; change: number; remove: number; rename: number };
}

const sameView = (a: EntityView, b: EntityView): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * Structural equality of two IR values, whatever their key order (a base read back from
 * PostgreSQL's jsonb has its keys reordered). Equal values have equal views.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => k in rb && sameValue(ra[k], rb[k]));
}

const listed = (v: EntityView, side: "before" | "after"): AttributeChange[] =>
  Object.entries(v).map(([attribute, value]) => ({ attribute, [side]: value }));

/**
 * The semantic difference between two compiled workspaces, entity by entity and
 * attribute by attribute. It compares meaning, not text: reformatting, reordering or
 * moving a declaration to another file is no change. An entity removed and another of the
 * same kind added with exactly the same attributes is reported as a rename.
 */
export function diffIr(before: Ir, after: Ir): IrDiff {
  const a = entitiesOf(before);
  const b = entitiesOf(after);
  const changes: EntityChange[] = [];
  const none: EntityTable = { entries: {}, view: () => ({}) };
  for (const kind of ENTITY_KINDS) {
    const ta = a.get(kind) ?? none;
    const tb = b.get(kind) ?? none;
    const ea = ta.entries;
    const eb = tb.entries;
    const cache = new Map<string, EntityView>();
    // Views are built only for entities that differ; each at most once.
    const viewOf = (side: "a" | "b", name: string): EntityView => {
      let v = cache.get(side + name);
      if (v === undefined) cache.set(side + name, (v = side === "a" ? ta.view(ea[name]) : tb.view(eb[name])));
      return v;
    };
    const removed = Object.keys(ea).filter((n) => !Object.hasOwn(eb, n)).sort();
    const added = Object.keys(eb).filter((n) => !Object.hasOwn(ea, n)).sort();
    const renamedTo = new Map<string, string>();
    for (const r of removed) {
      const rv = viewOf("a", r);
      const match = added.find((n) => !renamedTo.has(n) && sameView(rv, viewOf("b", n)));
      if (match !== undefined) renamedTo.set(match, r);
    }
    const renamedFrom = new Set(renamedTo.values());
    for (const name of [...new Set([...Object.keys(ea), ...Object.keys(eb)])].sort()) {
      const inA = Object.hasOwn(ea, name);
      const inB = Object.hasOwn(eb, name);
      if (inA && inB && sameValue(ea[name], eb[name])) continue;
      const x = inA ? viewOf("a", name) : undefined;
      let y = inB ? viewOf("b", name) : undefined;
      const ca = kind === "campaign" ? before.campaigns[name] : undefined;
      const cb = kind === "campaign" ? after.campaigns[name] : undefined;
      if (x && y && ca && cb) y = alignStepViews(ca, x, cb, y);
      if (x && y) {
        const attrs = [...new Set([...Object.keys(x), ...Object.keys(y)])]
          .filter((k) => x[k] !== y[k])
          .map((attribute) => {
            const c: AttributeChange = { attribute };
            if (x[attribute] !== undefined) c.before = x[attribute];
            if (y[attribute] !== undefined) c.after = y[attribute];
            return c;
          });
        if (attrs.length > 0) changes.push({ kind, name, action: "change", attributes: attrs });
      } else if (y) {
        const from = renamedTo.get(name);
        if (from !== undefined) changes.push({ kind, name, action: "rename", from, attributes: [] });
        else changes.push({ kind, name, action: "add", attributes: listed(y, "after") });
      } else if (x && !renamedFrom.has(name)) {
        changes.push({ kind, name, action: "remove", attributes: listed(x, "before") });
      }
    }
  }
  const count = (action: EntityChange["action"]) => changes.filter((c) => c.action === action).length;
  return { changes, summary: { add: count("add"), change: count("change"), remove: count("remove"), rename: count("rename") } };
}
