/**
 * Baseline: chevrotain's own example JSON grammar — the ceiling for a chevrotain parser.
 *
 * A faithful TypeScript port of `examples/grammars/json/json.js` from the chevrotain
 * repository (Apache-2.0, Copyright the chevrotain authors), in its current **CST**
 * variant (`CstParser`, automatic CST building, no embedded actions): the same tokens in the
 * same order, the same rules (`json`, `object`, `objectItem`, `array`, `value`) with the same
 * OPTION/MANY structure, one reused parser instance. The only changes are TypeScript's: the
 * rules are class fields (as in chevrotain's `typescript_json.ts`), so `performSelfAnalysis`
 * runs after them in the constructor.
 */
import { CstParser, Lexer, createToken, type CstNode, type ILexingError, type IRecognitionException } from "chevrotain";

// ----------------- lexer -----------------
const True = createToken({ name: "True", pattern: /true/ });
const False = createToken({ name: "False", pattern: /false/ });
const Null = createToken({ name: "Null", pattern: /null/ });
const LCurly = createToken({ name: "LCurly", pattern: /{/ });
const RCurly = createToken({ name: "RCurly", pattern: /}/ });
const LSquare = createToken({ name: "LSquare", pattern: /\[/ });
const RSquare = createToken({ name: "RSquare", pattern: /]/ });
const Comma = createToken({ name: "Comma", pattern: /,/ });
const Colon = createToken({ name: "Colon", pattern: /:/ });
const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^\\"]|\\(?:[bfnrtv"\\/]|u[0-9a-fA-F]{4}))*"/,
});
const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/,
});
const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\n\r]+/,
  group: Lexer.SKIPPED,
});

const allTokens = [WhiteSpace, NumberLiteral, StringLiteral, LCurly, RCurly, LSquare, RSquare, Comma, Colon, True, False, Null];

const JsonLexer = new Lexer(allTokens);

// ----------------- parser -----------------
class JsonParser extends CstParser {
  constructor() {
    super(allTokens);
    // very important to call this after all the rules have been defined.
    this.performSelfAnalysis();
  }

  public json = this.RULE("json", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.object) }, { ALT: () => this.SUBRULE(this.array) }]);
  });

  private object = this.RULE("object", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.objectItem);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.objectItem);
      });
    });
    this.CONSUME(RCurly);
  });

  private objectItem = this.RULE("objectItem", () => {
    this.CONSUME(StringLiteral);
    this.CONSUME(Colon);
    this.SUBRULE(this.value);
  });

  private array = this.RULE("array", () => {
    this.CONSUME(LSquare);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.value);
      });
    });
    this.CONSUME(RSquare);
  });

  private value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
    ]);
  });
}

// reuse the same parser instance.
const parser = new JsonParser();

/** Lexes and parses `text` into a CST, exactly as the example's `parse` does. */
export function parseJsonBaseline(text: string): { cst: CstNode; lexErrors: ILexingError[]; parseErrors: IRecognitionException[] } {
  const lexResult = JsonLexer.tokenize(text);
  // setting a new input will RESET the parser instance's state.
  parser.input = lexResult.tokens;
  const cst = parser.json();
  return { cst, lexErrors: lexResult.errors, parseErrors: parser.errors };
}
