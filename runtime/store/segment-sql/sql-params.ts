/**
 * The bind parameters of one compiled statement. Everything that comes from the IR — field,
 * score, segment, pipeline and stage names, JSON keys, literals, patterns — goes in here and
 * appears in the SQL text only as `$n::type`; the SQL text itself is built from this folder's
 * constants alone, so no name or value can change the statement's shape.
 */

/** A form the SQL side cannot express exactly: the caller falls back to the engine. */
export class Unsupported extends Error {
  override readonly name = "Unsupported";
}

/** Stops compiling: `reason` says in plain words what the database cannot compute exactly. */
export function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

/** PostgreSQL casts a parameter may carry (a fixed list: never text from the IR). */
export type ParamType = "float8" | "int4" | "text" | "jsonb" | "timestamptz" | "boolean";

/** Marks a parameter while the text is built; never in a finished statement (all other text is this folder's). */
const MARK = /⟦(\d+)⟧/g;

export class SqlParams {
  private readonly pending: { value: string; type: ParamType }[] = [];
  private readonly shared = new Map<string, string>();

  /**
   * Adds a value as text: numbers as their shortest round-trip form (exact as `float8`),
   * booleans as `true`/`false`, so both drivers send the same bytes. Returns a mark that
   * `finish` turns into `$n::type`.
   */
  add(value: string | number | boolean, type: ParamType): string {
    this.pending.push({ value: typeof value === "string" ? value : String(value), type });
    return `⟦${this.pending.length - 1}⟧`;
  }

  /** One parameter for a value several places use (e.g. the lower-case table), added once. */
  once(key: string, value: string, type: ParamType): string {
    let ref = this.shared.get(key);
    if (ref === undefined) this.shared.set(key, (ref = this.add(value, type)));
    return ref;
  }

  json(value: unknown): string {
    return this.add(JSON.stringify(value), "jsonb");
  }

  /**
   * The statement with its parameters numbered in order of use. A part built and then left out
   * (a comparison that turned out constant) leaves no parameter behind: PostgreSQL refuses a
   * parameter it cannot type.
   */
  finish(text: string): { sql: string; params: string[] } {
    const params: string[] = [];
    const numbers = new Map<number, number>();
    const sql = text.replace(MARK, (_, index: string) => {
      const i = Number(index);
      const item = this.pending[i];
      if (item === undefined) throw new Error(`unknown parameter mark ${i}`);
      let n = numbers.get(i);
      if (n === undefined) {
        params.push(item.value);
        numbers.set(i, (n = params.length));
      }
      return `$${n}::${item.type}`;
    });
    return { sql, params };
  }
}
