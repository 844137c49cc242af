-- Campaign waits are fired by the segment-refresh sweep loop, not by one Temporal workflow per
-- enrollment (workflows/segment-refresh.ts says why). The worker watches the earliest wait of
-- all enrollments (the engine's campaign timer is `active.waitUntil`) to wake that loop when a
-- new wait comes first: this index answers it with one probe.
CREATE INDEX campaign_enrollments_wait
  ON campaign_enrollments (((cell -> 'active' ->> 'waitUntil')::float8), contact)
  WHERE ((cell -> 'active' ->> 'waitUntil')::float8) IS NOT NULL;
