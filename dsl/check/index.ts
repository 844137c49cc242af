import type { Ir } from "../../schemas/ir.js";
import type { FileAst } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { SourceMap } from "../lower/context.js";
import { checkCampaigns } from "./campaigns.js";
import { withEventPropsCache, type CheckContext } from "./context.js";
import { checkFeedback } from "./feedback.js";
import { checkNames } from "./names.js";
import { checkBackwardMoves, checkPipelines } from "./pipelines.js";
import { checkSchema } from "./schema.js";
import { checkScoreDecl, checkScoringLints } from "./scores.js";
import { checkThresholds } from "./thresholds.js";
import { checkTypes } from "./types.js";

export { checkSchema } from "./schema.js";

/**
 * Schema validation (ajv) and the semantic checks and lints of a lowered workspace.
 *
 * The split with `lowerToIr`: the lowering reports what it needs to decide while building
 * the IR (duplicates, version, timezone, initial stages, static segments, condition names,
 * dimension keys, channel settings); everything that can be judged from the finished IR
 * is here, with spans taken from the source map. `files` is accepted for checks that
 * need what the IR drops (none yet: comments and written order are all the IR loses).
 * `sources` (path → text), when given, lets a `matches` error point at the exact character
 * even after escapes in the string.
 */
export function checkWorkspace(
  ir: Ir,
  sourceMap: SourceMap,
  files: readonly FileAst[],
  sources: Readonly<Record<string, string>> = {},
): Diagnostic[] {
  const ctx: CheckContext = { ir, sourceMap, diagnostics: [], fallbackFile: files[0]?.file ?? "", sources };
  ctx.diagnostics.push(...checkSchema(ir, sourceMap, ctx.fallbackFile));
  withEventPropsCache(ir, () => {
    checkNames(ctx);
    checkTypes(ctx);
    checkScoreDecl(ctx);
    checkPipelines(ctx);
    checkBackwardMoves(ctx);
    checkThresholds(ctx);
    checkFeedback(ctx);
    checkCampaigns(ctx);
    checkScoringLints(ctx);
  });
  return ctx.diagnostics;
}
