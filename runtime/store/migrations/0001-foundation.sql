-- The runtime's foundation: deployed config versions and the apply lock, the event log,
-- and the durable outbox. Contact state (contacts, scores, stages, ledger, …) comes in
-- later migrations, with the engine. Forward only: a later change is a new file.

-- Every version ever applied, keyed by the SHA-256 of its canonical IR.
CREATE TABLE config_versions (
  hash          text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  version       text NOT NULL,
  ir            jsonb NOT NULL,
  source_ref    text,
  applied_by    text NOT NULL,
  applied_at    timestamptz NOT NULL,
  active        boolean NOT NULL DEFAULT false,
  activated_at  timestamptz
);
-- At most one active version: the constant expression makes every active row collide.
CREATE UNIQUE INDEX config_versions_one_active ON config_versions ((true)) WHERE active;

-- Who made which version active when (applies and rollbacks), for audit.
CREATE TABLE config_activations (
  seq           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hash          text NOT NULL REFERENCES config_versions (hash),
  previous      text REFERENCES config_versions (hash),
  activated_by  text NOT NULL,
  activated_at  timestamptz NOT NULL
);

-- The apply lock: at most one row, committed while an apply runs, so a second apply sees
-- who holds it and since when. A crashed holder's row is removed by force-unlock.
CREATE TABLE apply_lock (
  name    text PRIMARY KEY CHECK (name = 'apply'),
  holder  text NOT NULL,
  since   timestamptz NOT NULL,
  token   text NOT NULL
);

-- Every event ever ingested; the id makes ingest idempotent.
CREATE TABLE events (
  id           text PRIMARY KEY,
  contact      text NOT NULL,
  type         text NOT NULL,
  at           timestamptz NOT NULL,
  props        jsonb NOT NULL DEFAULT '{}'::jsonb,
  received_at  timestamptz NOT NULL DEFAULT now(),
  config_hash  text
);
-- Per-contact history in time order (replay, `contact show`, plan --from-db).
CREATE INDEX events_contact_at ON events (contact, at, id);

-- Messages to send, at most once per key. A row is due when it is unsent, available and
-- not under a live lease; a sender claims rows with a lease and marks them sent or failed.
CREATE TABLE outbox (
  key            text PRIMARY KEY,
  channel        text NOT NULL,
  kind           text NOT NULL,
  payload        jsonb NOT NULL,
  contact        text,
  config_hash    text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  available_at   timestamptz NOT NULL,
  claimed_by     text,
  claimed_until  timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  sent_at        timestamptz,
  last_error     text
);
-- Only unsent rows are ever scanned by claimers.
CREATE INDEX outbox_due ON outbox (available_at, key) WHERE sent_at IS NULL;
