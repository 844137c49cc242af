/**
 * The complete DSL parser: the file rule on top of the rule layers, and the one shared
 * instance (chevrotain parsers are built once and reused: `performSelfAnalysis` is costly).
 */
import { EOF, type OrMethodOpts } from "chevrotain";
import type { Decl, Fragments, FragmentKind } from "../ast.js";
import type { ParserMode } from "./parser-base.js";
import { WorkflowParser } from "./parser-workflow.js";

/** The DSL parser; use the shared `funnelParser` (a new one is costly to build). */
export class FunnelParser extends WorkflowParser {
  /** Declarations parsed so far; kept on the parser so a parse that gives up keeps them. */
  private decls: Decl[] = [];

  private declAlts?: OrMethodOpts<Decl>;
  public decl = this.RULE("decl", (): Decl | undefined =>
    this.OR((this.declAlts ??= {
      DEF: [
        { ALT: () => this.SUBRULE(this.versionDecl) },
        { ALT: () => this.SUBRULE(this.timezoneDecl) },
        { ALT: () => this.SUBRULE(this.fieldDecl) },
        { ALT: () => this.SUBRULE(this.eventDecl) },
        { ALT: () => this.SUBRULE(this.scoreDecl) },
        { ALT: () => this.SUBRULE(this.ruleDecl) },
        { ALT: () => this.SUBRULE(this.segmentDecl) },
        { ALT: () => this.SUBRULE(this.suppressDecl) },
        { ALT: () => this.SUBRULE(this.pipelineDecl) },
        { ALT: () => this.SUBRULE(this.thresholdDecl) },
        { ALT: () => this.SUBRULE(this.feedbackDecl) },
        { ALT: () => this.SUBRULE(this.campaignDecl) },
        { ALT: () => this.SUBRULE(this.channelDecl) },
      ],
      ERR_MSG:
        "a declaration (`version`, `timezone`, `field`, `event`, `score`, `rule`, `segment`, `suppress`, `pipeline`, `threshold`, `feedback`, `campaign` or `channel`)",
    })),
  );

  public funnelFile = this.RULE("funnelFile", (): void => {
    this.MANY(() => {
      const d = this.SUBRULE(this.decl);
      this.ACTION(() => {
        if (d !== undefined && typeof d === "object" && "kind" in d) this.decls.push(d);
      });
    });
    // Consuming EOF lets chevrotain skip junk between declarations and carry on.
    this.CONSUME(EOF);
  });

  constructor(mode: ParserMode = process.env["FUNNELFORM_GRAMMAR_CHECK"] !== undefined ? "check" : "cached") {
    super(mode);
    this.analyse();
  }

  takeDecls(): Decl[] {
    const d = this.decls;
    this.decls = [];
    return d;
  }

  /** Runs the entry rule of a fragment kind. */
  fragment<K extends FragmentKind>(kind: K): Fragments[K] | undefined {
    const rules: { [F in FragmentKind]: () => Fragments[F] } = {
      condition: () => this.condition(),
      action: () => this.action(),
      step: () => this.step(),
      duration: () => this.duration(),
      literal: () => this.literal(),
      limit: () => this.limitSpec(),
      decay: () => this.decaySpec(),
      dimension: () => this.dimension(),
      accountFrom: () => this.accountFrom(),
      atMost: () => this.atMostSpec(),
      trigger: () => this.trigger(),
      allow: () => this.allowSpec(),
      ask: () => this.askSpec(),
      enter: () => this.enterSpec(),
      reentry: () => this.reentrySpec(),
      window: () => this.window(),
      recipient: () => this.recipient(),
    };
    const rule: () => Fragments[K] | undefined = rules[kind];
    // After a failed recovery chevrotain may return `undefined` whatever the rule's type says.
    const v = rule();
    return typeof v === "object" ? v : undefined;
  }
}

/** The one parser instance; not reentrant (parses are synchronous, so that is safe). */
export const funnelParser = new FunnelParser();
