-- Durable hand-over from ingest to Temporal (the transactional outbox, for workflows): the
-- transaction that starts a feedback run or enrols a contact in a campaign also writes the
-- workflow start (or signal) it calls for; the dispatcher claims rows with a lease
-- (FOR UPDATE SKIP LOCKED), starts or signals the workflow under its deterministic id, and
-- marks the row done. Temporal down: the row stays and is retried. Kept apart from `outbox`
-- so channel senders never see these rows.
CREATE TABLE workflow_dispatch (
  key            text PRIMARY KEY,
  -- start: start unless that id ran already; signal: signal a running workflow (absent or
  -- finished is fine); signal-with-start: signal it, starting it first when it is not running.
  action         text NOT NULL CHECK (action IN ('start', 'signal', 'signal-with-start')),
  workflow_type  text NOT NULL,
  workflow_id    text NOT NULL,
  args           jsonb NOT NULL,
  signal         text,
  -- Search attributes for a start: config hash, loop, campaign.
  search         jsonb NOT NULL DEFAULT '{}'::jsonb,
  contact        text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  available_at   timestamptz NOT NULL DEFAULT now(),
  claimed_by     text,
  claimed_until  timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  done_at        timestamptz,
  last_error     text
);
CREATE INDEX workflow_dispatch_due ON workflow_dispatch (available_at, key) WHERE done_at IS NULL;

-- Finished sweeps of the decay and segment-refresh loops, by their per-run idempotency key:
-- an activity retried after it committed returns the stored result instead of sweeping again.
CREATE TABLE sweep_runs (
  key          text PRIMARY KEY,
  result       jsonb NOT NULL,
  finished_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sweep_runs_finished ON sweep_runs (finished_at);
