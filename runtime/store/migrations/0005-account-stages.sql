-- Account pipelines (`pipeline P { for account ... }`): one stage per (account, pipeline),
-- moved by any member's input (see docs/semantics.md, "Account pipelines"). Kept apart from
-- `stages`, whose rows belong to one contact.
CREATE TABLE account_stages (
  account     text NOT NULL,
  pipeline    text NOT NULL,
  stage       text NOT NULL,
  since       timestamptz NOT NULL,
  lock_by     text,
  lock_at     timestamptz,
  lock_until  timestamptz,
  edges       integer,
  PRIMARY KEY (account, pipeline)
);
CREATE INDEX account_stages_by_stage ON account_stages (pipeline, stage);

-- Every move of an account's stage, with the member whose input made it.
CREATE TABLE account_stage_history (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account      text NOT NULL,
  pipeline     text NOT NULL,
  from_stage   text,
  to_stage     text NOT NULL,
  reason       text NOT NULL,
  contact      text NOT NULL,
  event        text,
  at           timestamptz NOT NULL,
  config_hash  text NOT NULL
);
CREATE INDEX account_stage_history_account ON account_stage_history (account, at, seq);
