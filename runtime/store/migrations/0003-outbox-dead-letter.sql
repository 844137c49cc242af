-- Dead letters: a message that can never be sent (the receiver refused it for good, or it
-- failed the maximum number of times) gets dead_at, keeps its reason in last_error and is
-- never claimed again, until an operator requeues it.
ALTER TABLE outbox ADD COLUMN dead_at timestamptz;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (available_at, key) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at, key) WHERE dead_at IS NOT NULL;
