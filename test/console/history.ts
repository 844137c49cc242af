/** The console tests' history: the feedback report's b2b history plus a contact whose fields are markup. */
import { demo, lead, reportHistory, R0 } from "../api/b2b-history.js";

/** A contact id that is markup: the page must show it as text. */
export const HOSTILE = `<script>document.title="pwned"</script>`;

export function consoleHistory(): Record<string, unknown>[] {
  const hostile = lead(HOSTILE, "hostile@evil.example", R0 + 2 * 3_600_000);
  return [
    ...reportHistory(),
    { ...hostile, props: { ...hostile.props, job_title: "<img src=x onerror=alert(1)>" } },
    demo(HOSTILE, R0 + 3 * 3_600_000),
  ];
}
