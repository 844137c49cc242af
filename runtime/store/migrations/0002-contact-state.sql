-- Contact state, row by row as the engine's ContactState is designed (runtime/engine/types.ts),
-- plus the append-only logs an ingest writes (ledger, stage history, segment changes,
-- threshold fires). Times are timestamptz (the engine's epoch ms, exact to the millisecond).

-- One row per contact. A row with created_at NULL is a stub: ingest inserts it only to have
-- a row to lock before the contact's first event is applied (see runtime/store/contacts.ts).
CREATE TABLE contacts (
  id              text PRIMARY KEY,
  created_at      timestamptz,
  last_active_at  timestamptz,
  updated_at      timestamptz,
  deleted_at      timestamptz,
  fields          jsonb NOT NULL DEFAULT '{}'::jsonb,
  tags            text[] NOT NULL DEFAULT '{}',
  -- Small per-contact engine state kept whole: rule counters, history windows, timers.
  rules           jsonb NOT NULL DEFAULT '{}'::jsonb,
  history         jsonb NOT NULL DEFAULT '{}'::jsonb,
  timers          jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- The first pending timer: the due-work loop asks for `next_timer_at <= now`.
  next_timer_at   timestamptz
);
CREATE INDEX contacts_next_timer ON contacts (next_timer_at, id) WHERE next_timer_at IS NOT NULL;
CREATE INDEX contacts_account ON contacts ((fields ->> 'account')) WHERE fields ? 'account';

-- One value of one score for one dimension key ('' when not per dimension).
CREATE TABLE scores (
  contact             text NOT NULL REFERENCES contacts (id),
  score               text NOT NULL,
  key                 text NOT NULL,
  value               double precision NOT NULL,
  as_of               timestamptz NOT NULL,
  increased_at        timestamptz,
  matched             text[],
  -- When the decayed value next crosses a boundary that matters (NULL: never).
  next_transition_at  timestamptz,
  PRIMARY KEY (contact, score, key)
);
CREATE INDEX scores_due ON scores (next_transition_at, contact) WHERE next_transition_at IS NOT NULL;

-- One stage per (contact, pipeline, key).
CREATE TABLE stages (
  contact     text NOT NULL REFERENCES contacts (id),
  pipeline    text NOT NULL,
  key         text NOT NULL,
  stage       text NOT NULL,
  since       timestamptz NOT NULL,
  lock_by     text,
  lock_at     timestamptz,
  lock_until  timestamptz,
  edges       integer,
  PRIMARY KEY (contact, pipeline, key)
);
CREATE INDEX stages_by_stage ON stages (pipeline, stage);

CREATE TABLE stage_history (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact      text NOT NULL,
  pipeline     text NOT NULL,
  key          text NOT NULL,
  from_stage   text,
  to_stage     text NOT NULL,
  reason       text NOT NULL,
  at           timestamptz NOT NULL,
  config_hash  text NOT NULL
);
CREATE INDEX stage_history_contact ON stage_history (contact, at, seq);

CREATE TABLE segment_members (
  segment     text NOT NULL,
  contact     text NOT NULL REFERENCES contacts (id),
  entered_at  timestamptz NOT NULL,
  PRIMARY KEY (segment, contact)
);
CREATE INDEX segment_members_contact ON segment_members (contact);

-- Entries and exits, as the engine reports them.
CREATE TABLE segment_history (
  seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact  text NOT NULL,
  segment  text NOT NULL,
  entered  boolean NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX segment_history_contact ON segment_history (contact, at, seq);

-- Edge-trigger state per (threshold, key).
CREATE TABLE threshold_state (
  contact        text NOT NULL REFERENCES contacts (id),
  threshold      text NOT NULL,
  key            text NOT NULL,
  state          text NOT NULL CHECK (state IN ('off', 'fired', 'pending')),
  last_fired_at  timestamptz,
  PRIMARY KEY (contact, threshold, key)
);

CREATE TABLE threshold_fires (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact      text NOT NULL,
  threshold    text NOT NULL,
  key          text NOT NULL,
  at           timestamptz NOT NULL,
  config_hash  text NOT NULL
);
CREATE INDEX threshold_fires_contact ON threshold_fires (contact, seq);

-- Every change of every score: the ledger sums to the score.
CREATE TABLE ledger (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact      text NOT NULL,
  score        text NOT NULL,
  key          text NOT NULL,
  delta        double precision NOT NULL,
  value        double precision NOT NULL,
  reason       text NOT NULL,
  event_id     text,
  config_hash  text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX ledger_contact_at ON ledger (contact, at, seq);

-- Feedback loop runs and campaign enrollments: the engine's cells, whole.
CREATE TABLE feedback_runs (
  contact  text NOT NULL REFERENCES contacts (id),
  loop     text NOT NULL,
  cell     jsonb NOT NULL,
  PRIMARY KEY (contact, loop)
);

CREATE TABLE campaign_enrollments (
  contact   text NOT NULL REFERENCES contacts (id),
  campaign  text NOT NULL,
  cell      jsonb NOT NULL,
  PRIMARY KEY (contact, campaign)
);

-- Account scores: each member's contribution as of its latest write.
CREATE TABLE account_members (
  contact  text PRIMARY KEY REFERENCES contacts (id),
  account  text NOT NULL,
  vals     jsonb NOT NULL
);
CREATE INDEX account_members_account ON account_members (account);
