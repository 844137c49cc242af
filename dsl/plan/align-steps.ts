/**
 * Unnamed campaign steps are known by their position (`2`, `3.else.1`), so removing one step
 * renumbers every step after it. Compared by id, a plan would then report every later step
 * as changed. Instead the two step lists are aligned like lines in a text diff (longest
 * common subsequence, named steps by name and unnamed ones by what they do), and the new
 * version's view is re-keyed to the old ids, so the plan shows only the step that changed.
 */
import type { Campaign } from "../../schemas/ir.js";
import { stepOrder, type EntityView } from "./entity-views.js";

const UNNAMED = /^\d+(\.(then|else)\.\d+)*$/;

interface Item {
  id: string;
  named: boolean;
  desc: string;
}

const items = (c: Campaign, v: EntityView): Item[] => stepOrder(c.steps).map((id) => ({ id, named: !UNNAMED.test(id), desc: v[`step ${id}`] ?? "" }));

const same = (a: Item, b: Item): boolean => (a.named || b.named ? a.named && b.named && a.id === b.id : a.desc === b.desc);

/** Old id → new id for every pair of steps that correspond. */
function align(a: Item[], b: Item[]): Map<string, string> {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const ai = a[i];
      const bj = b[j];
      const row = lcs[i];
      if (ai === undefined || bj === undefined || row === undefined) continue;
      row[j] = same(ai, bj) ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  const pairs = new Map<string, string>();
  // Unmatched steps between two matches: unnamed ones pair up in order (a changed step).
  let gapA: Item[] = [];
  let gapB: Item[] = [];
  const closeGap = (): void => {
    const ua = gapA.filter((x) => !x.named);
    const ub = gapB.filter((x) => !x.named);
    for (let k = 0; k < Math.min(ua.length, ub.length); k++) {
      const x = ua[k];
      const y = ub[k];
      if (x !== undefined && y !== undefined) pairs.set(x.id, y.id);
    }
    gapA = [];
    gapB = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const ai = a[i];
    const bj = b[j];
    if (ai !== undefined && bj !== undefined && same(ai, bj)) {
      closeGap();
      pairs.set(ai.id, bj.id);
      i++;
      j++;
    } else if (bj === undefined || (ai !== undefined && (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      if (ai !== undefined) gapA.push(ai);
      i++;
    } else {
      gapB.push(bj);
      j++;
    }
  }
  closeGap();
  return pairs;
}

/**
 * The new campaign's view with its unnamed steps re-keyed to the ids of the old steps they
 * correspond to. New unnamed steps with no counterpart are shown as `new N`, so they never
 * collide with an old id.
 */
export function alignStepViews(before: Campaign, vBefore: EntityView, after: Campaign, vAfter: EntityView): EntityView {
  const a = items(before, vBefore);
  const b = items(after, vAfter);
  const toOld = new Map([...align(a, b)].map(([o, n]) => [n, o]));
  const rename = (id: string): string => toOld.get(id) ?? (UNNAMED.test(id) ? `new ${id}` : id);
  const out: EntityView = {};
  for (const [k, v] of Object.entries(vAfter)) {
    if (k.startsWith("step ")) out[`step ${rename(k.slice(5))}`] = v;
    else if (k === "steps") out[k] = `[${b.map((x) => rename(x.id)).join(", ")}]`;
    else out[k] = v;
  }
  return out;
}
