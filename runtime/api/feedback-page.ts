/**
 * The small HTML pages a feedback link answers with. The owner clicked a button in an email:
 * the page says in one sentence what happened and, when nothing was recorded, why and what to do.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML (contact ids and field values come from outside). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** `good_lead` reads as "good lead". */
export const outcomeWords = (outcome: string): string => outcome.replace(/[_-]+/g, " ");

/** A complete page: a heading and one paragraph, both plain text (escaped here). */
export function feedbackPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · funnelform</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222;line-height:1.5}h1{font-size:1.4rem}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
</body>
</html>
`;
}
