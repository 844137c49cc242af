/** One score change as the API, the reports and the console show it. Times are ISO strings, as `simulate` prints them. */
export interface LedgerView {
  score: string;
  key: string;
  delta: number;
  value: number;
  reason: string;
  /** The event that caused it; null for decay, limits and other time-driven changes. */
  event: string | null;
  at: string;
}
