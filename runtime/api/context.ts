/** What the route modules of the API share: the database, the active model, the clock, ingest. */
import type { Model } from "../engine/index.js";
import type { IngestResult } from "../ingest/index.js";
import type { Db } from "../store/db.js";
import type { ActiveModel } from "./active-model.js";

export interface ApiContext {
  db: Db;
  activeModel: ActiveModel;
  /** Epoch ms. */
  now: () => number;
  /** `ingestBatch` with the server's limits, counted in the metrics. */
  ingest: (items: readonly unknown[], model: Model) => Promise<IngestResult>;
  onError?: (error: Error) => void;
}

export const NOTHING_DEPLOYED = "nothing is deployed yet: deploy a version with funnelform apply first";
