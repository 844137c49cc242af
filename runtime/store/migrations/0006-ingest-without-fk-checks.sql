-- Ingest throughput (issue 6): the per-contact tables no longer carry a foreign key to
-- contacts. Every ingest writes them for contacts it has just locked (a stub row is inserted
-- first for a new contact, runtime/store/contact-lock.ts) and contacts are never deleted
-- (deletion is `deleted_at`), so the key could not fail; its check was one trigger query per
-- written row — about 1,200 per batch of 1,000 events, run while the batch holds its locks.
ALTER TABLE scores DROP CONSTRAINT IF EXISTS scores_contact_fkey;
ALTER TABLE stages DROP CONSTRAINT IF EXISTS stages_contact_fkey;
ALTER TABLE segment_members DROP CONSTRAINT IF EXISTS segment_members_contact_fkey;
ALTER TABLE threshold_state DROP CONSTRAINT IF EXISTS threshold_state_contact_fkey;
ALTER TABLE feedback_runs DROP CONSTRAINT IF EXISTS feedback_runs_contact_fkey;
ALTER TABLE campaign_enrollments DROP CONSTRAINT IF EXISTS campaign_enrollments_contact_fkey;
ALTER TABLE account_members DROP CONSTRAINT IF EXISTS account_members_contact_fkey;
