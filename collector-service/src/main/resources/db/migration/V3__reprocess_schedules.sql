-- CloudKitty's reprocessing schedules: the periods [start, end] (end inclusive, as CloudKitty) of a
-- scope are collected again and replace what storage holds; current is the last period done.
CREATE TABLE collector.reprocess_schedule (
    id         bigserial   PRIMARY KEY,
    scope_id   text        NOT NULL,
    source     text        NOT NULL,
    reason     text        NOT NULL,
    start_at   timestamptz NOT NULL,
    end_at     timestamptz NOT NULL,
    current_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_at >= start_at)
);
CREATE INDEX reprocess_schedule_scope ON collector.reprocess_schedule (scope_id, source);
