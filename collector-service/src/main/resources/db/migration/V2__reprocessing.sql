-- Periods that start before reprocess_until are collected again after a reset: their frames are
-- marked reprocess and sent even when empty, so storage replaces (or clears) the whole period.
ALTER TABLE collector.scope_state ADD COLUMN reprocess_until timestamptz;
