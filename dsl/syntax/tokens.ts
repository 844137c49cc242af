/**
 * Token types of the DSL.
 *
 * Words are lexed as one `Identifier` token and then re-typed by a map lookup (see
 * `lexer.ts`): that is much faster than one regex per keyword, and it is how keywords stay
 * usable as names — every "soft" keyword has `Identifier` as its category, so a rule that
 * expects a name accepts `stage` or `score`. Only the operator words (`and or not in is`)
 * and the literals `true`/`false` are reserved.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });

// The character classes of the two string patterns are disjoint, so neither can backtrack badly.
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: "a quoted text" });
/** A `StringLit` (by category) with no closing quote; the lexer reports `unterminated-string`. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*/,
  categories: [StringLit],
});

export const ClockTime = createToken({ name: "ClockTime", pattern: /\d\d?:\d\d/, label: "a time like `09:00`" });
/** Any number glued to a word; units are checked by the parser (`invalid-duration`). */
export const Duration = createToken({ name: "Duration", pattern: /\d+(?:\.\d+)?[A-Za-z_][A-Za-z0-9_]*/, label: "a duration like `7d`" });
export const NumberLit = createToken({ name: "NumberLit", pattern: /\d+(?:\.\d+)?/, label: "a number" });
export const HalfLife = createToken({ name: "HalfLife", pattern: /half-life/, label: "`half-life`" });

function punct(name: string, pattern: RegExp, text: string): TokenType {
  return createToken({ name, pattern, label: `\`${text}\`` });
}
export const DotDot = punct("DotDot", /\.\./, "..");
export const Dot = punct("Dot", /\./, ".");
export const Arrow = punct("Arrow", /->/, "->");
export const EqEq = punct("EqEq", /==/, "==");
export const NotEq = punct("NotEq", /!=/, "!=");
export const LtEq = punct("LtEq", /<=/, "<=");
export const GtEq = punct("GtEq", />=/, ">=");
export const Lt = punct("Lt", /</, "<");
export const Gt = punct("Gt", />/, ">");
export const Assign = punct("Assign", /=/, "=");
export const Plus = punct("Plus", /\+/, "+");
export const Minus = punct("Minus", /-/, "-");
export const Colon = punct("Colon", /:/, ":");
export const Comma = punct("Comma", /,/, ",");
export const Semi = punct("Semi", /;/, ";");
export const LBrace = punct("LBrace", /\{/, "{");
export const RBrace = punct("RBrace", /\}/, "}");
export const LParen = punct("LParen", /\(/, "(");
export const RParen = punct("RParen", /\)/, ")");
export const LBracket = punct("LBracket", /\[/, "[");
export const RBracket = punct("RBracket", /\]/, "]");

/**
 * Any other character. Matching it as a token (last) is much cheaper than chevrotain's
 * lexer-error path; the lexer turns runs of them into one diagnostic and drops them.
 */
// Every character that starts no other token (spaces excluded); spelled out, not as a
// complement, so chevrotain's first-character optimisation still applies.
// eslint-disable-next-line no-control-regex -- stray control characters are exactly what this token catches
export const Unknown = createToken({ name: "Unknown", pattern: /[\x00-\x08\x0e-\x1f!$%&'*/?@\\^`|~\x7f-\x9f\xa1-\ufefe\uff00-\uffff]/ });

/** Lexed words that are keywords, by spelling. */
export const keywordByText = new Map<string, TokenType>();

function keyword(text: string, reserved = false): TokenType {
  const t = createToken({
    name: `Kw_${text}`,
    pattern: Lexer.NA,
    label: `\`${text}\``,
    ...(reserved ? {} : { categories: [Identifier] }),
  });
  keywordByText.set(text, t);
  return t;
}

// Reserved: never a name.
export const And = keyword("and", true);
export const Or = keyword("or", true);
export const Not = keyword("not", true);
export const In = keyword("in", true);
export const Is = keyword("is", true);
export const True = keyword("true", true);
export const False = keyword("false", true);

// Soft keywords: also names.
export const Version = keyword("version");
export const Timezone = keyword("timezone");
export const Field = keyword("field");
export const EventKw = keyword("event");
export const Score = keyword("score");
export const Rule = keyword("rule");
export const Segment = keyword("segment");
export const Suppress = keyword("suppress");
export const Pipeline = keyword("pipeline");
export const Threshold = keyword("threshold");
export const Feedback = keyword("feedback");
export const Campaign = keyword("campaign");
export const Channel = keyword("channel");
export const Kind = keyword("kind");
export const Limit = keyword("limit");
export const Decay = keyword("decay");
export const Every = keyword("every");
export const After = keyword("after");
export const Inactive = keyword("inactive");
export const Per = keyword("per");
export const Stage = keyword("stage");
export const Of = keyword("of");
export const Tag = keyword("tag");
export const For = keyword("for");
export const Account = keyword("account");
export const From = keyword("from");
export const Contacts = keyword("contacts");
export const Sum = keyword("sum");
export const Max = keyword("max");
export const On = keyword("on");
export const If = keyword("if");
export const Else = keyword("else");
export const When = keyword("when");
export const Once = keyword("once");
export const At = keyword("at");
export const Most = keyword("most");
export const Least = keyword("least");
export const Static = keyword("static");
export const While = keyword("while");
export const Allow = keyword("allow");
export const Backward = keyword("backward");
export const Manual = keyword("manual");
export const Lock = keyword("lock");
export const Initial = keyword("initial");
export const Category = keyword("category");
export const Cooldown = keyword("cooldown");
export const Notify = keyword("notify");
export const Via = keyword("via");
export const Untag = keyword("untag");
export const Add = keyword("add");
export const To = keyword("to");
export const Remove = keyword("remove");
export const Start = keyword("start");
export const SetKw = keyword("set");
export const Webhook = keyword("webhook");
export const Send = keyword("send");
export const Email = keyword("email");
export const Points = keyword("points");
export const Delete = keyword("delete");
export const Contact = keyword("contact");
export const Ask = keyword("ask");
export const Then = keyword("then");
export const Escalate = keyword("escalate");
export const Times = keyword("times");
export const Enter = keyword("enter");
export const Leave = keyword("leave");
export const Goal = keyword("goal");
export const Reenter = keyword("reenter");
export const TimeKw = keyword("time");
export const Change = keyword("change");
export const WindowKw = keyword("window");
export const Wait = keyword("wait");
export const Until = keyword("until");
export const Tagged = keyword("tagged");
export const Did = keyword("did");
export const Count = keyword("count");
export const Within = keyword("within");
export const Before = keyword("before");
export const Ago = keyword("ago");
export const Owner = keyword("owner");
export const Any = keyword("any");
export const TypeKw = keyword("type");
export const Env = keyword("env");
export const Contains = keyword("contains");
export const StartsWith = keyword("startswith");
export const EndsWith = keyword("endswith");
export const Matches = keyword("matches");

/** Token types the lexer matches, in priority order (first match wins). */
export const lexedTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  UnterminatedString,
  ClockTime,
  Duration,
  NumberLit,
  HalfLife,
  Identifier,
  DotDot,
  Dot,
  Arrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Assign,
  Plus,
  Minus,
  Colon,
  Comma,
  Semi,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Unknown,
];

/** Every token type the parser knows. */
export const allTokens: TokenType[] = [...lexedTokens, ...keywordByText.values()];
