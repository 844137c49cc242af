/**
 * A person's stage changes (SPEC section 1, "manual overrides stick"):
 *   PUT    /contacts/:id/stages/:pipeline        { "stage", "by", "key"? }  sets and locks the stage
 *   DELETE /contacts/:id/stages/:pipeline/lock   [?key=K]                   ends the lock
 * Both write the engine's reserved events (`stage.set`, `stage.unlocked`) through ingest, so
 * the runtime's state stays what `simulate` gives for the stored history. Event ids are
 * derived from the request and the stage's state before it, so a retried request is the same
 * event; a retry after success finds the work done and writes nothing.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { hintFor } from "../../dsl/did-you-mean.js";
import type { Model } from "../engine/index.js";
import { readContactSummary } from "../ingest/index.js";
import { loadContacts } from "../store/contact-load.js";
import { isAllowed, isLocked } from "../engine/pipeline.js";
import type { PipelineModel } from "../engine/model.js";
import type { ContactState } from "../engine/types.js";
import { NOTHING_DEPLOYED, type ApiContext } from "./context.js";

type Params = { id: string; pipeline: string };

const eventId = (kind: string, parts: readonly unknown[]): string => `api-${kind}-${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32)}`;

const withHint = (message: string, hint: string | undefined): string => (hint === undefined ? message : `${message} (${hint})`);

/** The pipeline, or the 404 answer naming the known ones. */
function pipelineOf(model: Model, name: string): PipelineModel | { error: string } {
  const p = model.pipelineByName.get(name);
  if (p !== undefined) return p;
  const known = [...model.pipelineByName.keys()];
  return { error: withHint(`there is no pipeline "${name}"; pipelines: ${known.join(", ") || "none"}`, hintFor(name, known)) };
}

/** The dimension key: required for a `per` pipeline, refused for a plain one. */
function keyOf(p: PipelineModel, key: unknown): string | { error: string } {
  if (p.def.per === undefined) return key === undefined || key === "" ? "" : { error: `pipeline "${p.name}" is not kept per dimension: leave out "key"` };
  if (typeof key !== "string" || key === "") return { error: `pipeline "${p.name}" is kept per dimension: say which "key" (e.g. a product)` };
  return key;
}

async function loadLive(ctx: ApiContext, reply: FastifyReply, id: string): Promise<ContactState | undefined> {
  const st = (await loadContacts(ctx.db, [id])).get(id);
  if (st === undefined) {
    await reply.code(404).send({ error: `there is no contact with the id ${JSON.stringify(id)}` });
    return undefined;
  }
  if (st.deletedAt !== undefined) {
    await reply.code(410).send({ error: `contact ${JSON.stringify(id)} was deleted: its stages can no longer change` });
    return undefined;
  }
  return st;
}

function parseBody(body: unknown): Record<string, unknown> | { error: string } {
  if (typeof body !== "string" || body.trim() === "") return { error: 'send a JSON object like {"stage": "sales_accepted", "by": "jane@example.com"}' };
  try {
    const v: unknown = JSON.parse(body);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  return { error: 'the body must be a JSON object like {"stage": "sales_accepted", "by": "jane@example.com"}' };
}

const ALLOWED_KEYS = new Set(["stage", "by", "key", "until"]);

export function registerStageRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.put<{ Params: Params }>("/contacts/:id/stages/:pipeline", async (req, reply) => {
    const body = parseBody(req.body);
    if ("error" in body) return reply.code(400).send({ error: body.error });
    const extra = Object.keys(body).find((k) => !ALLOWED_KEYS.has(k));
    if (extra !== undefined) return reply.code(400).send({ error: `unknown field "${extra}"; the fields are: stage, by, key` });
    if (body["until"] !== undefined) {
      return reply.code(400).send({
        error: "\"until\" is not supported: a manual stage holds for the pipeline's `manual lock D` (or until DELETE .../lock); leave it out",
      });
    }
    const { stage, by } = body;
    if (typeof stage !== "string" || stage === "") return reply.code(400).send({ error: 'say which stage: "stage" must be a stage name' });
    if (typeof by !== "string" || by.trim() === "" || by.length > 200) return reply.code(400).send({ error: 'say who sets it: "by" must be a name or address (at most 200 characters)' });
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    const p = pipelineOf(model, req.params.pipeline);
    if ("error" in p) return reply.code(404).send({ error: p.error });
    const key = keyOf(p, body["key"]);
    if (typeof key !== "string") return reply.code(400).send({ error: key.error });
    const toIdx = p.stageIndex.get(stage);
    if (toIdx === undefined) {
      const known = p.def.stages.map((s) => s.name);
      return reply.code(400).send({ error: withHint(`pipeline "${p.name}" has no stage "${stage}"; its stages are: ${known.join(", ")}`, hintFor(stage, known)) });
    }
    const st = await loadLive(ctx, reply, req.params.id);
    if (st === undefined) return reply;
    const cell = st.stages[p.name]?.[key];
    const now = ctx.now();
    // Already done (a retry of a request that succeeded): nothing to write.
    if (cell !== undefined && cell.stage === stage && cell.lock?.by === by && isLocked(cell, now)) {
      return { event: null, changed: false, contact: await readContactSummary(ctx.db, model, st.id, now) };
    }
    const fromIdx = cell === undefined ? (p.stageIndex.get(p.initial) ?? 0) : (p.stageIndex.get(cell.stage) ?? 0);
    const from = p.def.stages[fromIdx]?.name ?? p.initial;
    if (!isAllowed(p, fromIdx, toIdx)) {
      return reply.code(409).send({
        error: `pipeline "${p.name}" does not allow moving back from "${from}" to "${stage}" (add \`allow ${from} -> ${stage}\` to the pipeline to allow it)`,
      });
    }
    const id = eventId("stage-set", [st.id, p.name, key, stage, by, cell?.stage ?? null, cell?.since ?? null, cell?.lock?.at ?? null]);
    const props: Record<string, string> = { pipeline: p.name, stage, by };
    if (p.def.per !== undefined) props["key"] = key;
    const result = await ctx.ingest([{ id, type: "stage.set", contact: st.id, at: new Date(now).toISOString(), props }], model);
    if (!result.ok) return reply.code(400).send({ error: result.errors[0]?.reason ?? "the stage change was refused" });
    const refused = result.refused[0];
    if (refused !== undefined) return reply.code(409).send({ error: refused.error });
    return { event: id, changed: result.accepted === 1, contact: await readContactSummary(ctx.db, model, st.id, now) };
  });

  app.delete<{ Params: Params; Querystring: { key?: string } }>("/contacts/:id/stages/:pipeline/lock", async (req, reply) => {
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    const p = pipelineOf(model, req.params.pipeline);
    if ("error" in p) return reply.code(404).send({ error: p.error });
    const key = keyOf(p, req.query.key);
    if (typeof key !== "string") return reply.code(400).send({ error: key.error });
    const st = await loadLive(ctx, reply, req.params.id);
    if (st === undefined) return reply;
    const now = ctx.now();
    const lock = st.stages[p.name]?.[key]?.lock;
    // Not locked (never, run out, or unlocked by an earlier try of this request): nothing to do.
    if (lock === undefined || (lock.until !== undefined && lock.until <= now)) {
      return { event: null, changed: false, contact: await readContactSummary(ctx.db, model, st.id, now) };
    }
    const id = eventId("stage-unlock", [st.id, p.name, key, lock.by, lock.at]);
    const props: Record<string, string> = { pipeline: p.name };
    if (p.def.per !== undefined) props["key"] = key;
    const result = await ctx.ingest([{ id, type: "stage.unlocked", contact: st.id, at: new Date(now).toISOString(), props }], model);
    if (!result.ok) return reply.code(400).send({ error: result.errors[0]?.reason ?? "the unlock was refused" });
    return { event: id, changed: result.accepted === 1, contact: await readContactSummary(ctx.db, model, st.id, now) };
  });
}
