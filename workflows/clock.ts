/**
 * Workflow time. Inside the Temporal workflow sandbox `Date` is the workflow's deterministic
 * clock (the time of the current workflow task, replayed identically), never the machine's
 * wall clock, and under the time-skipping server it is the skipped-to time. This is the one
 * place the workflows read it; activities receive it as an argument.
 */
export function workflowTime(): number {
  // eslint-disable-next-line no-restricted-globals -- the sandbox's Date is workflow time (see above)
  return Date.now();
}
