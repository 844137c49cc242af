import type { Model } from "../engine/index.js";
import { compileStoredModel } from "../ingest/reevaluate.js";
import type { Db } from "../store/db.js";
import { getVersion } from "../store/versions.js";

/**
 * The active version's model, compiled once per version. Each request batch asks the
 * database only for the active hash (one indexed row), so a version applied by another
 * process is picked up on the next request without restarting the server.
 */
export type ActiveModel = () => Promise<Model | undefined>;

/** Undefined from the returned function means nothing is deployed yet. */
export function activeModelCache(db: Db): ActiveModel {
  let cached: Model | undefined;
  return async () => {
    const [row] = await db.query<{ hash: string }>("SELECT hash FROM config_versions WHERE active");
    if (row === undefined) return undefined;
    if (cached?.hash !== row.hash) {
      const version = await getVersion(db, row.hash);
      // Rolled over between the two reads: the next request sees the newer one.
      if (version === undefined) return cached;
      // With the earlier versions that enrollments kept by `on change keep` still run on.
      cached = await compileStoredModel(db, version);
    }
    return cached;
  };
}
