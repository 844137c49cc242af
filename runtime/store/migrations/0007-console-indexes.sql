-- The web console's reads at scale (bench/console.bench.ts: 1,000,000 contacts). Each index
-- serves one view and costs an insert or a rare update, never a scan.

-- Funnel conversion: the stage entries of a period, per pipeline (append-only table).
CREATE INDEX stage_history_at ON stage_history (pipeline, at);

-- Scores: threshold crossings per week since a date (append-only table).
CREATE INDEX threshold_fires_at ON threshold_fires (at);

-- Contact search by the start of an id or an email, case-insensitive: lower(x) COLLATE "C"
-- LIKE 'abc%' ORDER BY the same expression LIMIT 25 walks the index in order and stops (a
-- text_pattern_ops index serves the LIKE but not the ORDER BY).
CREATE INDEX contacts_id_prefix ON contacts ((lower(id) COLLATE "C"));
CREATE INDEX contacts_email_prefix ON contacts ((lower(fields ->> 'email') COLLATE "C"));

-- Deleted contacts and stubs: counts are taken over every row, then these few are taken off.
CREATE INDEX contacts_gone ON contacts (id) WHERE deleted_at IS NOT NULL OR created_at IS NULL;

-- Versions: feedback runs waiting for sales, joined to the start that names their version.
CREATE INDEX workflow_dispatch_feedback_start ON workflow_dispatch (contact) WHERE workflow_type = 'feedbackLoop' AND action = 'start';
