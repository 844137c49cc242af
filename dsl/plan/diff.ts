import type { Ir } from "../../schemas/ir.js";
import { alignStepViews } from "./align-steps.js";
import { ENTITY_KINDS, viewsOf, type EntityKind, type EntityView } from "./entity-views.js";

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

const listed = (v: EntityView, side: "before" | "after"): AttributeChange[] =>
  Object.entries(v).map(([attribute, value]) => ({ attribute, [side]: value }));

/**
 * The semantic difference between two compiled workspaces, entity by entity and
 * attribute by attribute. It compares meaning, not text: reformatting, reordering or
 * moving a declaration to another file is no change. An entity removed and another of the
 * same kind added with exactly the same attributes is reported as a rename.
 */
export function diffIr(before: Ir, after: Ir): IrDiff {
  const a = viewsOf(before);
  const b = viewsOf(after);
  const changes: EntityChange[] = [];
  for (const kind of ENTITY_KINDS) {
    const va = a.get(kind) ?? new Map<string, EntityView>();
    const vb = b.get(kind) ?? new Map<string, EntityView>();
    const removed = [...va.keys()].filter((n) => !vb.has(n)).sort();
    const added = [...vb.keys()].filter((n) => !va.has(n)).sort();
    const renamedTo = new Map<string, string>();
    for (const r of removed) {
      const rv = va.get(r);
      const match = added.find((n) => !renamedTo.has(n) && rv !== undefined && sameView(rv, vb.get(n) ?? {}));
      if (match !== undefined) renamedTo.set(match, r);
    }
    const renamedFrom = new Set(renamedTo.values());
    for (const name of [...new Set([...va.keys(), ...vb.keys()])].sort()) {
      const x = va.get(name);
      let y = vb.get(name);
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
