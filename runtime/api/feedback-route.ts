/**
 * `GET /feedback/:token`: the owner clicked one outcome's link in a feedback ask. No bearer
 * token (it comes from an email): the signed token is the authority, for one outcome of one
 * loop run. The outcome is recorded by ingesting a `feedback.given` event whose id is derived
 * from the token's claim, so a second click is the same event (a duplicate) and changes nothing.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { loadContacts } from "../store/contact-load.js";
import type { ApiContext } from "./context.js";
import { verifyFeedbackToken, type FeedbackLinkClaim } from "./feedback-link.js";
import { feedbackPage, outcomeWords } from "./feedback-page.js";

export interface FeedbackRouteOptions {
  /** `FUNNELFORM_SECRET`; without it every link answers 503 (links cannot be checked). */
  secret: string | undefined;
  /** Called after an outcome is recorded; its failure never fails the click. */
  onRecorded?: (contact: string, loop: string) => Promise<void>;
}

/** Who recorded the outcome, as the `by` of the event (the link's holder, not a named user). */
export const FEEDBACK_LINK_BY = "feedback link";

/** The event id of a link's outcome: the same click twice is the same event. */
export function feedbackEventId(c: FeedbackLinkClaim): string {
  return `feedback-link:${c.loop}:${c.contact}:${new Date(c.startedAt).toISOString()}:${c.outcome}`;
}

async function page(reply: FastifyReply, status: number, title: string, message: string): Promise<FastifyReply> {
  return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(feedbackPage(title, message));
}

export function registerFeedbackRoute(app: FastifyInstance, ctx: ApiContext, opts: FeedbackRouteOptions): void {
  app.get<{ Params: { token: string } }>("/feedback/:token", async (req, reply) => {
    if (opts.secret === undefined || opts.secret === "") {
      return page(reply, 503, "Feedback links are not set up", "This server has no FUNNELFORM_SECRET, so it cannot check feedback links. Ask your funnelform operator to set it.");
    }
    const checked = verifyFeedbackToken(opts.secret, req.params.token, ctx.now());
    if (!checked.ok) {
      if (checked.reason === "expired") {
        return page(reply, 410, "This link has expired", "Feedback links are valid for a limited time. Use the link in the latest reminder, or record the verdict in your CRM.");
      }
      return page(reply, checked.reason === "forged" ? 403 : 400, "This link is not valid", "The link is incomplete or was changed. Open it again from the email, without editing it.");
    }
    const claim = checked.claim;
    const model = await ctx.activeModel();
    if (model === undefined) return page(reply, 503, "Nothing is deployed", "funnelform has no active configuration yet, so the verdict cannot be recorded. Try again later.");
    const st = (await loadContacts(ctx.db, [claim.contact])).get(claim.contact);
    const email = st?.fields["email"];
    const who = typeof email === "string" && email !== "" ? email : claim.contact;
    const verdict = outcomeWords(claim.outcome);
    if (st === undefined) return page(reply, 404, "This lead is not known", `There is no lead ${who} any more, so nothing was recorded.`);
    if (st.deletedAt !== undefined) return page(reply, 410, "This lead was deleted", `${who} was deleted, so nothing was recorded.`);
    const cell = st.feedback[claim.loop];
    if (cell === undefined || cell.startedAt !== claim.startedAt) {
      return page(reply, 409, "This request was replaced", `This link belongs to an earlier request about ${who}. Use the link in the latest email about this lead.`);
    }
    if (cell.outcome === claim.outcome) return page(reply, 200, "Already recorded", `Your verdict "${verdict}" for ${who} was already recorded. Thank you.`);
    if (cell.outcome !== undefined) {
      return page(reply, 409, "A verdict is already recorded", `${who} already has the verdict "${outcomeWords(cell.outcome)}", so "${verdict}" was not recorded.`);
    }
    // Fastify answers HEAD with the GET handler; link checkers send HEAD: they record nothing.
    if (req.method === "HEAD") return page(reply, 200, "Feedback link", `Open this link to record "${verdict}" for ${who}.`);
    const event = {
      id: feedbackEventId(claim),
      type: "feedback.given",
      contact: claim.contact,
      at: new Date(ctx.now()).toISOString(),
      props: { loop: claim.loop, outcome: claim.outcome, by: FEEDBACK_LINK_BY },
    };
    const result = await ctx.ingest([event], model);
    if (!result.ok) {
      // The deployed version no longer has this loop or outcome.
      return page(reply, 409, "This verdict no longer exists", `The current configuration cannot record "${verdict}" for ${who}: ${result.errors[0]?.reason ?? "refused"}.`);
    }
    const refused = result.refused[0];
    if (refused !== undefined) return page(reply, 409, "Not recorded", `${refused.error}.`);
    if (result.accepted === 0) return page(reply, 200, "Already recorded", `Your verdict "${verdict}" for ${who} was already recorded. Thank you.`);
    if (opts.onRecorded !== undefined) {
      try {
        await opts.onRecorded(claim.contact, claim.loop);
      } catch (error) {
        ctx.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return page(reply, 200, "Thanks — recorded", `Recorded: ${verdict} for ${who}.`);
  });
}
