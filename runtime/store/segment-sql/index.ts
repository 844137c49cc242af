/** Segment conditions compiled to parameterised SQL, and the set-based refresh of time-relative segments. */
export { compileConditionSql, compileSegmentSql, isTimeRelative, timeRelativeSegments, type SegmentSql } from "./compile-segment-sql.js";
export { refreshSegments, type RefreshSegmentsOptions, type RefreshSegmentsResult } from "./refresh-segments.js";
