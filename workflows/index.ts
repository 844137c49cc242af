/** The workflows the funnelform worker registers (the bundle's entry point). */
export { decayLoop, wakeSignal, type DecayLoopInput } from "./decay-loop.js";
export { feedbackLoop, outcomeRecordedSignal, type FeedbackLoopInput } from "./feedback-loop.js";
// Campaign waits are fired by `segmentRefresh` now; registered so enrollments started before run to their end.
export { campaignEnrollment, enrollmentChangedSignal, type CampaignEnrollmentInput } from "./campaign-enrollment.js";
export { segmentRefresh, type SegmentRefreshInput } from "./segment-refresh.js";
