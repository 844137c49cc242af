import { proxyActivities, sleep } from "@temporalio/workflow";
import type * as activities from "./smoke-activities.js";

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: "10s" });

/** Sleeps for weeks of workflow time: on the time-skipping server this takes seconds. */
export async function sleepThirtyDays(): Promise<string> {
  await sleep("30 days");
  return "woke after 30 days";
}

export async function greetViaActivity(name: string): Promise<string> {
  return greet(name);
}
