/**
 * Builds the syntax-neutral model of a large, valid workspace from a seed.
 */
import { createRng, pad, type Rng } from "../prng.js";
import { buildCampaigns, buildFeedbackLoops, buildPipelines, buildThresholds } from "./build-flows.js";
import { LARGE, type DeclModel, type FileModel, type WorkspaceCounts } from "./model.js";
import { contactCondition, EVENTS, fieldCondition, FIELDS, propCondition, type ContactScope } from "./vocabulary.js";

const ENGAGEMENT_SCORES = ["engagement", ...Array.from({ length: 16 }, (_, i) => `s${pad(i + 1, 2)}`)];
const TAGS = ["vip", "partner", "nurture", "customer_won", ...Array.from({ length: 10 }, (_, i) => `hot_${i}`)];

function scores(): DeclModel[] {
  const decays = ["5 every 7d", "10 every 14d after 14d inactive", "half-life 21d", "half-life 10d after 7d inactive"];
  return [
    { kind: "score", name: "engagement", label: "Engagement", limit: "-20..100", decay: "10 every 7d" },
    { kind: "score", name: "fit", fit: true, limit: "0..100" },
    { kind: "score", name: "fit2", label: "Secondary fit", fit: true, limit: "0..50" },
    { kind: "score", name: "interest", per: "product", limit: "0..100", decay: "half-life 14d" },
    { kind: "score", name: "by_stage", per: "stage of lifecycle", limit: "0..200", decay: "5 every 7d" },
    { kind: "score", name: "company_engagement", accountFrom: "contacts sum of engagement", limit: "0..1000" },
    ...ENGAGEMENT_SCORES.slice(1).map(
      (name, i): DeclModel => ({
        kind: "score",
        name,
        ...(i % 4 === 0 ? { label: `Score ${i + 1}` } : {}),
        limit: i % 3 === 0 ? "..150" : `-${i}..${100 + i * 5}`,
        decay: decays[i % decays.length] ?? "5 every 7d",
      }),
    ),
  ];
}

function rule(rng: Rng, i: number, fit: boolean): DeclModel {
  const id = `R${pad(i, 5)}`;
  if (fit) {
    const when = rng.chance(0.3) ? `${fieldCondition(rng)} and ${fieldCondition(rng)}` : fieldCondition(rng);
    const score = rng.chance(0.8) ? "fit" : "fit2";
    return { kind: "rule", name: `${id} fit`, when, score, points: rng.chance(0.85) ? rng.int(1, 30) : -rng.int(1, 20) };
  }
  const event = rng.weighted(EVENTS.map((e) => [e, e.lowValue ? 6 : 2] as const));
  const hasProduct = event.props.some(([p]) => p === "product");
  const score = hasProduct && rng.chance(0.25) ? "interest" : rng.chance(0.04) ? "by_stage" : rng.pick(ENGAGEMENT_SCORES);
  // The scoring lints hold clicks, opens and views to 10% of the lowest threshold (50) and
  // any rule to the threshold itself; staying inside keeps the workspace warning-light.
  const magnitude = event.lowValue ? rng.int(1, 5) : rng.int(5, 40);
  const points = rng.chance(0.1) ? -Math.min(magnitude, event.lowValue ? 5 : 20) : magnitude;
  let cond = rng.chance(0.7) ? propCondition(rng, event) : undefined;
  if (cond !== undefined && rng.chance(0.1)) cond = `${cond} and ${fieldCondition(rng)}`;
  const limiter = rng.next();
  return {
    kind: "rule",
    name: `${id} ${event.name}`,
    on: event.name,
    ...(cond === undefined ? {} : { if: cond }),
    score,
    points,
    ...(limiter < 0.15 ? { once: true } : limiter < 0.3 ? { atMost: `${rng.int(1, 3)} per ${rng.pick(["1d", "12h", "1w", "30d"])}` } : {}),
  };
}

function segments(rng: Rng, count: number, scope: ContactScope): { decls: DeclModel[]; statics: string[]; dynamic: string[] } {
  const decls: DeclModel[] = [
    {
      kind: "segment",
      name: "do_not_score",
      label: "Suppressed",
      when: 'email endswith ".edu" or marketing_suspended or company_domain in ["rival.example", "competitor.example"]',
    },
    { kind: "segment", name: "juniors", when: 'job_title matches "intern|student|junior|trainee"' },
    { kind: "segment", name: "unsubscribed", label: "Unsubscribed", when: "did email.unsubscribed" },
  ];
  const statics: string[] = [];
  const dynamic: string[] = [];
  const staticCount = Math.min(20, Math.max(1, Math.floor(count / 15)));
  for (let i = 0; i < staticCount && decls.length < count; i++) {
    const name = `static_${pad(i, 2)}`;
    decls.push({ kind: "segment", name, ...(i % 2 === 0 ? { label: `List ${i}` } : {}) });
    statics.push(name);
  }
  const known = ["do_not_score", "juniors", "unsubscribed", ...statics];
  for (let i = decls.length; i < count; i++) {
    const name = `seg_${pad(i, 3)}`;
    decls.push({
      kind: "segment",
      name,
      ...(rng.chance(0.3) ? { label: `Segment ${i}` } : {}),
      when: contactCondition(rng, { ...scope, segments: known }),
    });
    known.push(name);
    dynamic.push(name);
  }
  return { decls: decls.slice(0, Math.max(count, 3)), statics, dynamic };
}

/**
 * The files of a generated workspace, as a syntax-neutral model.
 * Deterministic: the same seed and counts give the same model.
 */
export function buildWorkspaceModel(seed: number, counts: WorkspaceCounts = LARGE): FileModel[] {
  const rng = createRng(seed);
  const pipelineCount = Math.max(2, counts.pipelines);
  const feedbackLoops = counts.feedbackLoops ?? pipelineCount;
  const nurtures = Math.min(counts.campaigns, Math.max(1, feedbackLoops), 10);

  const pipelines = buildPipelines(rng, pipelineCount, ENGAGEMENT_SCORES);
  const scope: ContactScope = {
    engagementScores: ENGAGEMENT_SCORES,
    fitScores: ["fit", "fit2"],
    tags: TAGS,
    segments: [],
    pipelines: pipelines.decls.flatMap((d) =>
      d.kind === "pipeline" && d.per === undefined ? [{ name: d.name, stages: d.stages.map((s) => s.name) }] : [],
    ),
  };
  const segs = segments(rng, counts.segments, scope);
  const campaignScope: ContactScope = { ...scope, segments: ["do_not_score", ...segs.statics, ...segs.dynamic.slice(0, 50)] };

  const files: FileModel[] = [
    {
      base: "main",
      decls: [
        { kind: "version", value: `bench-${seed}` },
        { kind: "timezone", value: "Europe/Berlin" },
        { kind: "channel", name: "email", type: "smtp", settings: [["url", { env: "SMTP_URL" }], ["from", { str: "marketing@example.com" }]] },
        { kind: "channel", name: "crm_sync", type: "webhook", settings: [["url", { env: "CRM_WEBHOOK_URL" }], ["secret", { env: "CRM_WEBHOOK_SECRET" }]] },
        { kind: "channel", name: "dev_log", type: "log", settings: [] },
      ],
    },
    {
      base: "fields",
      decls: FIELDS.map((f): DeclModel => ({ kind: "field", name: f.name, type: f.type, ...(f.default === undefined ? {} : { default: f.default }) })),
    },
    { base: "events", decls: EVENTS.filter((e) => e.custom).map((e): DeclModel => ({ kind: "event", name: e.name, props: e.props })) },
    { base: "scores", decls: scores() },
  ];
  const perFile = counts.rulesPerFile ?? 1000;
  const fitRules = counts.fitRules ?? Math.round(counts.rules / 10);
  const total = counts.rules + fitRules;
  // Spreads exactly `fitRules` fit rules evenly among the point rules.
  const isFit = (i: number) => Math.floor(((i + 1) * fitRules) / total) > Math.floor((i * fitRules) / total);
  for (let i = 0, f = 0; i < total; f++) {
    const decls: DeclModel[] = [];
    for (const end = Math.min(total, i + perFile); i < end; i++) decls.push(rule(rng, i, isFit(i)));
    files.push({ base: `rules-${pad(f, 2)}`, decls });
  }
  files.push({
    base: "segments",
    decls: [
      ...segs.decls,
      { kind: "suppress", segment: "do_not_score", scores: ["engagement", "s01", "s02"] },
      { kind: "suppress", segment: "juniors", scores: ["engagement"] },
    ],
  });
  files.push({ base: "pipelines", decls: pipelines.decls });
  files.push({
    base: "thresholds",
    decls: buildThresholds(rng, counts.thresholds, { pipelines: pipelines.contact, feedbackLoops, nurtures, staticSegments: segs.statics }),
  });
  files.push({ base: "feedback", decls: buildFeedbackLoops(feedbackLoops, pipelines.contact, nurtures) });
  files.push({ base: "campaigns", decls: buildCampaigns(rng, counts.campaigns, nurtures, segs.dynamic, campaignScope) });
  return files.filter((f) => f.decls.length > 0);
}
