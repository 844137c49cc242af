/** The workflows the funnelform worker registers (the bundle's entry point). */
export { decayLoop, wakeSignal, type DecayLoopInput } from "./decay-loop.js";
export { feedbackLoop, outcomeRecordedSignal, type FeedbackLoopInput } from "./feedback-loop.js";
export { campaignEnrollment, enrollmentChangedSignal, type CampaignEnrollmentInput } from "./campaign-enrollment.js";
export { segmentRefresh, type SegmentRefreshInput } from "./segment-refresh.js";
