import type { LocatedDiagnostic } from "./located.js";

/** One workspace's validation, as every output format sees it. */
export interface ValidationReport {
  path: string;
  hash: string | null;
  diagnostics: LocatedDiagnostic[];
}

const range = (l: LocatedDiagnostic) => ({ filename: l.filename, start: l.start, end: l.end });

function summary(l: LocatedDiagnostic): string {
  return l.diagnostic.message;
}

/** `terraform validate -json`'s shape, plus `code`, `hint` and per-workspace results. */
export function toValidateJson(reports: ValidationReport[]): unknown {
  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((l) => l.diagnostic.severity === "error").length;
  return {
    format_version: "1.0",
    valid: errors === 0,
    hash: reports.length === 1 ? (reports[0]?.hash ?? null) : null,
    error_count: errors,
    warning_count: all.length - errors,
    diagnostics: all.map((l) => ({
      severity: l.diagnostic.severity,
      code: l.diagnostic.code,
      summary: summary(l),
      detail: l.diagnostic.hint ?? "",
      range: range(l),
    })),
    workspaces: reports.map((r) => ({
      path: r.path,
      valid: !r.diagnostics.some((l) => l.diagnostic.severity === "error"),
      hash: r.hash,
    })),
  };
}

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request's diff. */
export function toGithubAnnotations(reports: ValidationReport[]): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return reports
    .flatMap((r) => r.diagnostics)
    .map((l) => {
      const d = l.diagnostic;
      const msg = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return (
        `::${d.severity === "error" ? "error" : "warning"} file=${prop(l.filename)},line=${l.start.line},col=${l.start.column},` +
        `endLine=${l.end.line},endColumn=${l.end.column},title=${prop(`funnelform ${d.code}`)}::${esc(msg)}`
      );
    })
    .join("\n");
}

/** SARIF 2.1.0, for code-scanning dashboards. */
export function toSarif(reports: ValidationReport[], toolVersion: string): unknown {
  const all = reports.flatMap((r) => r.diagnostics);
  const codes = [...new Set(all.map((l) => l.diagnostic.code))].sort();
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "funnelform",
            version: toolVersion,
            informationUri: "https://github.com/funnelform/funnelform",
            rules: codes.map((c) => ({ id: c, name: c, shortDescription: { text: c.replace(/-/g, " ") } })),
          },
        },
        results: all.map((l) => ({
          ruleId: l.diagnostic.code,
          ruleIndex: codes.indexOf(l.diagnostic.code),
          level: l.diagnostic.severity === "error" ? "error" : "warning",
          message: { text: l.diagnostic.hint ? `${l.diagnostic.message} Hint: ${l.diagnostic.hint}` : l.diagnostic.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: l.filename.split("\\").join("/") },
                region: {
                  startLine: l.start.line,
                  startColumn: l.start.column,
                  endLine: l.end.line,
                  endColumn: l.end.column,
                  byteOffset: l.start.byte,
                  byteLength: Math.max(0, l.end.byte - l.start.byte),
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
