/**
 * Pipelines, thresholds, feedback loops and campaigns of a generated workspace: the parts
 * that refer to each other, built together so every reference points at something declared.
 */
import { pad, type Rng } from "../prng.js";
import type { DeclModel, StageModel, StepModel } from "./model.js";
import { contactCondition, EVENTS, propCondition, type ContactScope } from "./vocabulary.js";

/** A contact pipeline whose stages a threshold or feedback loop may set. */
export interface ContactPipeline {
  name: string;
  /** The engagement score its `mql` stage and thresholds read. */
  score: string;
}

/** `lifecycle`, the per-product `products`, then generic `pNN` pipelines. */
export function buildPipelines(rng: Rng, count: number, scores: string[]): { decls: DeclModel[]; contact: ContactPipeline[] } {
  const decls: DeclModel[] = [];
  const contact: ContactPipeline[] = [];
  decls.push({
    kind: "pipeline",
    name: "lifecycle",
    label: "Lifecycle",
    allow: ["mql -> recycled"],
    stages: [
      { name: "unknown", initial: true, when: [] },
      { name: "recycled", when: [] },
      { name: "engaged", when: ["event page.visited", "event email.clicked"] },
      { name: "mql", when: ["engagement >= 60 and fit >= 20"] },
      { name: "sales_accepted", label: "Sales accepted", manual: true, when: [] },
      { name: "customer", category: "succeeded", when: ["event purchase.completed if amount > 0"] },
      { name: "lost", category: "not_succeeded", when: [] },
    ],
  });
  contact.push({ name: "lifecycle", score: "engagement" });
  if (count >= 2) {
    decls.push({
      kind: "pipeline",
      name: "products",
      label: "Per product",
      per: "product",
      allow: [],
      stages: [
        { name: "none", initial: true, when: [] },
        { name: "interested", when: ["interest >= 20"] },
        { name: "evaluating", when: ["event app.e00"] },
        { name: "customer", category: "succeeded", when: ["event purchase.completed"] },
      ],
    });
  }
  for (let k = 2; k < count; k++) {
    const name = `p${pad(k, 2)}`;
    const score = scores[k % scores.length] ?? "engagement";
    const engagedOn = rng.pick(["page.visited", "email.opened", "email.clicked", "webinar.attended"]);
    const product = rng.pick(["crm", "erp", "analytics"]);
    const stages: StageModel[] = [
      { name: "new", initial: true, when: [] },
      { name: "engaged", when: [`event ${engagedOn}`] },
      { name: "mql", when: [`${score} >= ${50 + 5 * (k % 8)} and fit >= ${rng.int(1, 3) * 10}`] },
      { name: "sales_accepted", manual: true, when: [] },
      { name: "customer", category: "succeeded", when: [`event purchase.completed if product == "${product}"`] },
      { name: "lost", category: "not_succeeded", when: [] },
    ];
    decls.push({
      kind: "pipeline",
      name,
      ...(k % 3 === 0 ? { label: `Pipeline ${k}` } : {}),
      allow: ["sales_accepted -> engaged"],
      ...(k % 2 === 0 ? { manualLock: "30d" } : {}),
      stages,
    });
    contact.push({ name, score });
  }
  return { decls, contact };
}

/** Campaigns only a `start` action enters: what feedback loops and thresholds start. */
export function nurtureName(i: number): string {
  return `nurture_${pad(i, 2)}`;
}

/** Feedback loops, one per contact pipeline (cycling), all four outcomes answered. */
export function buildFeedbackLoops(count: number, pipelines: ContactPipeline[], nurtures: number): DeclModel[] {
  const decls: DeclModel[] = [];
  for (let i = 0; i < count; i++) {
    const p = pipelines[i % pipelines.length] ?? { name: "lifecycle", score: "engagement" };
    const escalate = i % 3 === 0 ? ", then escalate to sales_manager" : i % 3 === 1 ? ', then escalate to "sales-lead@example.com"' : "";
    decls.push({
      kind: "feedback",
      name: feedbackName(i),
      ask: `owner via email after ${2 + (i % 3)}d, then every 3d, at most ${5 + (i % 6)} times${escalate}`,
      outcomes: [
        ["good_lead", [`stage ${p.name}.sales_accepted`]],
        ["bad_timing", [...(nurtures > 0 ? [`start ${nurtureName(i % nurtures)}`] : []), "tag nurture"]],
        ["bad_fit", ["set marketing_suspended = true"]],
        ["junk", ["delete contact after 30d"]],
      ],
    });
  }
  return decls;
}

export function feedbackName(i: number): string {
  return i === 0 ? "mql_quality" : `fb_${pad(i, 2)}`;
}

export interface ThresholdInputs {
  pipelines: ContactPipeline[];
  feedbackLoops: number;
  nurtures: number;
  staticSegments: string[];
}

/** Edge-triggered MQL thresholds on an engagement score and fit, plus one per-product threshold. */
export function buildThresholds(rng: Rng, count: number, inp: ThresholdInputs): DeclModel[] {
  const decls: DeclModel[] = [];
  for (let i = 0; i < count; i++) {
    if (i === count - 1 && count >= 2) {
      decls.push({
        kind: "threshold",
        name: "product_hot",
        per: "product",
        when: "interest >= 60",
        actions: ["stage products.evaluating", 'notify owner "product-interest"'],
      });
      continue;
    }
    const p = inp.pipelines[i % inp.pipelines.length] ?? { name: "lifecycle", score: "engagement" };
    const extra = rng.chance(0.3) ? ` and not tagged hot_${i % 10}` : rng.chance(0.3) ? " and not in segment do_not_score" : "";
    const actions = [`stage ${p.name}.mql`, rng.chance(0.3) ? 'notify owner "mql-alert" via email' : 'notify owner "mql-alert"'];
    if (inp.feedbackLoops > 0) actions.push(`feedback ${feedbackName(i % inp.feedbackLoops)}`);
    if (rng.chance(0.5)) actions.push(`tag hot_${i % 10}`);
    const seg = inp.staticSegments[i % Math.max(1, inp.staticSegments.length)];
    if (seg !== undefined && rng.chance(0.5)) actions.push(`add to ${seg}`);
    if (inp.nurtures > 0 && rng.chance(0.3)) actions.push(`start ${nurtureName(i % inp.nurtures)}`);
    if (rng.chance(0.3)) actions.push(`set cf_02 = true`);
    if (rng.chance(0.3)) actions.push("webhook crm_sync");
    decls.push({
      kind: "threshold",
      name: i === 0 ? "mql" : `mql_${pad(i, 2)}`,
      when: `${p.score} >= ${50 + 5 * (i % 9)} and fit >= ${rng.int(1, 4) * 5}${extra}`,
      ...(rng.chance(0.4) ? { cooldown: rng.pick(["30d", "2w", "90d"]) } : {}),
      actions,
    });
  }
  return decls;
}

function steps(rng: Rng, scope: ContactScope, depth: number): StepModel[] {
  const out: StepModel[] = [];
  const n = rng.int(2, depth === 0 ? 6 : 3);
  for (let i = 0; i < n; i++) {
    switch (rng.int(0, 10)) {
      case 0:
      case 1:
        out.push(`send email "tpl-${rng.int(1, 40)}"`);
        break;
      case 2:
        out.push(`wait ${rng.pick(["1d", "3d", "12h", "1w"])}`);
        break;
      case 3:
        out.push(`wait until did email.clicked within ${rng.int(1, 7)}d at most ${rng.int(3, 14)}d`);
        break;
      case 4:
        out.push(rng.pick(["wait until mon 09:00", "wait until 09:00", "wait until tue 14:30"]));
        break;
      case 5:
        out.push(`points ${rng.pick(scope.engagementScores)} +${rng.int(1, 5)}`);
        break;
      case 6:
        out.push(rng.pick([`tag ${rng.pick(scope.tags)}`, `untag ${rng.pick(scope.tags)}`]));
        break;
      case 7:
        out.push(rng.pick(['notify owner "campaign-update"', "webhook crm_sync"]));
        break;
      default:
        if (depth > 0) {
          out.push(`send email "tpl-${rng.int(1, 40)}"`);
          break;
        }
        out.push({
          if: contactCondition(rng, scope),
          then: steps(rng, scope, depth + 1),
          ...(rng.chance(0.7) ? { else: steps(rng, scope, depth + 1) } : {}),
        });
    }
  }
  return out;
}

/** Names the top-level steps (what `on change migrate` matches by): `intro`, `step_2`, … */
function labelled(items: StepModel[]): StepModel[] {
  return items.map((step, i) => {
    const label = i === 0 ? "intro" : `step_${i + 1}`;
    return typeof step === "string" ? { label, line: step } : { ...step, label };
  });
}

/** `nurture_NN` start-only campaigns first, then segment-entered and event-entered ones. */
export function buildCampaigns(rng: Rng, count: number, nurtures: number, entrySegments: string[], scope: ContactScope): DeclModel[] {
  const decls: DeclModel[] = [];
  const migrating = (d: DeclModel): DeclModel => (d.kind === "campaign" && d.onChange === "migrate" ? { ...d, steps: labelled(d.steps) } : d);
  for (let i = 0; i < count; i++) {
    const common = {
      kind: "campaign" as const,
      ...(rng.chance(0.3) ? { label: `Campaign ${i}` } : {}),
      ...(rng.chance(0.3) ? { goal: `did purchase.completed within ${rng.int(1, 9) * 10}d` } : {}),
      ...(rng.chance(0.5) ? { onChange: rng.pick(["keep", "migrate", "restart"] as const) } : {}),
      ...(rng.chance(0.3) ? { sendWindow: rng.pick(["mon-fri 09:00-18:00", "tue-thu 10:00-16:00"]) } : {}),
    };
    if (i < nurtures) {
      decls.push({ ...common, name: nurtureName(i), leave: "tagged customer_won", steps: steps(rng, scope, 0) });
      continue;
    }
    const segment = entrySegments.length > 0 && rng.chance(0.67) ? rng.pick(entrySegments) : undefined;
    if (segment !== undefined) {
      decls.push({
        ...common,
        name: `c_${pad(i, 3)}`,
        enter: `when in segment ${segment}`,
        ...(rng.chance(0.3) ? { leave: "stage lifecycle is customer" } : {}),
        ...(rng.chance(0.5) ? { reenter: rng.pick(["once", "every time", "after 90d"]) } : {}),
        steps: steps(rng, scope, 0),
      });
      continue;
    }
    const event = rng.pick(EVENTS.filter((e) => !e.lowValue));
    const cond = rng.chance(0.6) ? propCondition(rng, event) : undefined;
    const hasProduct = event.props.some(([p]) => p === "product");
    decls.push({
      ...common,
      name: `c_${pad(i, 3)}`,
      enter: `on ${event.name}${cond === undefined ? "" : ` if ${cond}`}`,
      leave: rng.pick(["did email.unsubscribed", "stage lifecycle is customer", "marketing_suspended"]),
      ...(hasProduct && rng.chance(0.5) ? { reenter: "once per product" } : rng.chance(0.4) ? { reenter: "after 30d" } : {}),
      steps: steps(rng, scope, 0),
    });
  }
  return decls.map(migrating);
}
