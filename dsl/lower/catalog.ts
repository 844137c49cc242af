import type { EventType, Field, FieldType } from "../../schemas/ir.js";

/** Fields every workspace has; they cannot be declared again. */
export const BUILTIN_FIELDS: Readonly<Record<string, Field>> = {
  email: { type: "string", builtin: true },
  owner: { type: "string", builtin: true },
  timezone: { type: "string", builtin: true },
  account: { type: "string", builtin: true },
};

const props = (p: Record<string, FieldType>): EventType["props"] =>
  Object.fromEntries(Object.entries(p).map(([name, type]) => [name, { type }]));

/** The standard event catalog (SPEC section 1). */
export const BUILTIN_EVENTS: Readonly<Record<string, EventType>> = {
  "page.visited": { props: props({ url: "string" }), builtin: true },
  "email.opened": { props: props({ email: "string" }), builtin: true },
  "email.clicked": { props: props({ email: "string", url: "string" }), builtin: true },
  "email.unsubscribed": { props: {}, builtin: true },
  "form.submitted": { props: props({ form: "string" }), builtin: true },
  "purchase.completed": { props: props({ amount: "number", product: "string" }), builtin: true },
  "webinar.attended": { props: props({ webinar: "string" }), builtin: true },
};

/**
 * Event types people and the runtime write (manual actions, field updates). The engine
 * knows them; they are not in the IR's `events` and a workspace cannot declare them.
 */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  "contact.updated",
  "contact.tagged",
  "contact.untagged",
  "stage.set",
  "stage.unlocked",
  "feedback.given",
  "contact.deleted",
]);

/**
 * Props of the reserved event types, for rules and history conditions that read them
 * (`did feedback.given if outcome == "junk"`). `contact.updated` carries field names.
 */
export const RESERVED_EVENT_PROPS: Readonly<Record<string, Record<string, FieldType>>> = {
  "contact.updated": {},
  "contact.tagged": { tag: "string" },
  "contact.untagged": { tag: "string" },
  "stage.set": { pipeline: "string", stage: "string", key: "string", by: "string" },
  "stage.unlocked": { pipeline: "string", key: "string" },
  "feedback.given": { loop: "string", outcome: "string", by: "string" },
  "contact.deleted": {},
};

/** Contact attributes a condition may name, and the IR attribute each means. */
export const ATTRIBUTES: Readonly<Record<string, "id" | "created_at" | "last_active_at">> = {
  id: "id",
  created_at: "created_at",
  last_active: "last_active_at",
};

/** Low-value events for the scoring lints (clicks, opens, page views). */
export const LOW_VALUE_EVENTS: ReadonlySet<string> = new Set(["email.opened", "email.clicked", "page.visited"]);

/** The outcomes of every feedback loop (SPEC section 1). */
export const FEEDBACK_OUTCOMES = ["good_lead", "bad_timing", "bad_fit", "junk"] as const;

/**
 * The channel `via email` means when the workspace declares no channel of that name:
 * the log sender (development default). A declared `channel email` replaces it.
 */
export const DEFAULT_CHANNELS = { email: { type: "log" as const } };
