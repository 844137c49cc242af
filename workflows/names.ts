/**
 * Names shared by the workflows, the worker and the dispatcher: the task queue, signals and
 * custom search attributes. Pure constants (the workflow bundle and Node code both import them).
 */
import { defineSearchAttributeKey, SearchAttributeType } from "@temporalio/common";

/** The one task queue every funnelform worker polls. */
export const TASK_QUEUE = "funnelform";

/** Signal: wake up now and look again (new work may be due earlier than planned). */
export const WAKE_SIGNAL = "wake";
/** Signal to a feedback loop: an outcome was recorded (the owner clicked a link). */
export const OUTCOME_SIGNAL = "outcomeRecorded";
/** Signal to a campaign enrollment: it changed (entered again, left, converted). */
export const ENROLLMENT_SIGNAL = "enrollmentChanged";

/** The config hash the workflow was started or last ran under (Keyword). */
export const CONFIG_HASH_KEY = defineSearchAttributeKey("FunnelformConfigHash", SearchAttributeType.KEYWORD);
/** The feedback loop's name (Keyword). */
export const LOOP_KEY = defineSearchAttributeKey("FunnelformLoop", SearchAttributeType.KEYWORD);
/** The campaign's name (Keyword). */
export const CAMPAIGN_KEY = defineSearchAttributeKey("FunnelformCampaign", SearchAttributeType.KEYWORD);

/** Every custom search attribute funnelform registers on a namespace. */
export const SEARCH_ATTRIBUTE_KEYS = [CONFIG_HASH_KEY, LOOP_KEY, CAMPAIGN_KEY] as const;

/** Deterministic workflow ids: one decay loop per score, one segment refresh per namespace. */
export const decayLoopId = (score: string): string => `decay:${score}`;
export const SEGMENT_REFRESH_ID = "segment-refresh";
