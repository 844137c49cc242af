/**
 * Chevrotain's LL(k) lookahead, built on first use instead of up front. Building the
 * lookahead function of every alternative and repetition of the grammar was the largest
 * part of the parser's start-up (about 30 ms), paid by every `funnelform validate` run;
 * a small workspace uses a fraction of them. Each function is the one chevrotain would
 * have built, so parsing does not change.
 */
import { LLkLookaheadStrategy, type ILookaheadStrategy } from "chevrotain";

type Strategy = ILookaheadStrategy & InstanceType<typeof LLkLookaheadStrategy>;
type AltOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type OrLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type OptLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;

/** A lookahead strategy for `maxLookahead` tokens whose functions are built lazily. */
export function lazyLookahead(maxLookahead: number): ILookaheadStrategy {
  const llk: Strategy = new LLkLookaheadStrategy({ maxLookahead });
  return {
    validate: (options) => llk.validate(options),
    initialize: (options) => llk.initialize?.(options),
    buildLookaheadForAlternation(options: AltOptions): OrLookahead {
      let built: OrLookahead | undefined;
      // chevrotain calls lookahead functions with the parser as `this`.
      return function (this: unknown, alts) {
        built ??= llk.buildLookaheadForAlternation(options);
        return built.call(this, alts);
      };
    },
    buildLookaheadForOptional(options: OptOptions): OptLookahead {
      let built: OptLookahead | undefined;
      return function (this: unknown) {
        built ??= llk.buildLookaheadForOptional(options);
        return built.call(this);
      };
    },
  };
}
