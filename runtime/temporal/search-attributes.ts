/**
 * funnelform's custom search attributes (`FunnelformConfigHash`, `FunnelformLoop`,
 * `FunnelformCampaign`, all Keyword): registered on the namespace when the server allows it,
 * so an operator can list in-flight work per version (`temporal workflow list --query
 * 'FunnelformConfigHash="…"'`). Servers that cannot register them (the time-skipping test
 * server; Temporal Cloud, where they are added in the web console) get workflows without them.
 */
import type { Client } from "@temporalio/client";
import type { temporal } from "@temporalio/proto";
import { SEARCH_ATTRIBUTE_KEYS } from "../../workflows/names.js";

/**
 * `INDEXED_VALUE_TYPE_KEYWORD`. The enum is not importable as a value from the bundled CLI
 * (the proto package is CommonJS without named exports), so its number is written here.
 */
const KEYWORD = 2 as temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

export interface SearchAttributeCheck {
  /** All of funnelform's attributes exist on the namespace: starts may carry them. */
  available: boolean;
  /** Why not, for the operator. */
  note?: string;
}

/** Registers the attributes that are missing; says whether they can be used. */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<SearchAttributeCheck> {
  const op = client.connection.operatorService;
  const names = SEARCH_ATTRIBUTE_KEYS.map((k) => k.name);
  try {
    const listed = await op.listSearchAttributes({ namespace });
    const have = new Set(Object.keys(listed.customAttributes ?? {}));
    const missing = names.filter((n) => !have.has(n));
    if (missing.length === 0) return { available: true };
    await op.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((n) => [n, KEYWORD])) });
    return { available: true };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      available: false,
      note: `workflows run without the search attributes ${names.join(", ")} (add them as Keyword attributes to namespace ${namespace} to list work per version): ${detail}`,
    };
  }
}
