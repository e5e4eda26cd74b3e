-- Rated data points, one row per point, partitioned by month of the period start.
-- Every key and index leads with the scope so the table can later be distributed by scope (Citus).
CREATE TABLE storage.rated_point (
    scope_id     text        NOT NULL,
    period_begin timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    type         text        NOT NULL,
    seq          integer     NOT NULL,
    unit         text        NOT NULL,
    qty          numeric     NOT NULL,
    price        numeric     NOT NULL,
    groupby      jsonb       NOT NULL DEFAULT '{}',
    metadata     jsonb       NOT NULL DEFAULT '{}',
    frame_id     text        NOT NULL,
    source       text        NOT NULL
) PARTITION BY RANGE (period_begin);

CREATE INDEX rated_point_scope_period_type ON storage.rated_point (scope_id, period_begin, type);
CREATE INDEX rated_point_period ON storage.rated_point (period_begin);

-- One row per stored frame: what was stored, and how often it was delivered (re-deliveries replace).
CREATE TABLE storage.stored_frame (
    frame_id        text        PRIMARY KEY,
    scope_id        text        NOT NULL,
    source          text        NOT NULL,
    period_begin    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    types           text[]      NOT NULL,
    point_count     integer     NOT NULL,
    deliveries      integer     NOT NULL DEFAULT 1,
    reprocess       boolean     NOT NULL DEFAULT false,
    first_stored_at timestamptz NOT NULL DEFAULT now(),
    last_stored_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stored_frame_scope_period ON storage.stored_frame (scope_id, period_begin);

-- Creates the month partition holding ts unless it exists. Serialised by an advisory lock so
-- that replicas storing the first frame of a month at once do not collide.
CREATE FUNCTION storage.ensure_month_partition(ts timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    month_utc   timestamp   := date_trunc('month', ts AT TIME ZONE 'UTC');
    month_start timestamptz := month_utc AT TIME ZONE 'UTC';
    month_end   timestamptz := (month_utc + interval '1 month') AT TIME ZONE 'UTC';
    name text := 'rated_point_' || to_char(month_utc, 'YYYY_MM');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ratekit.storage.partitions'));
    IF to_regclass('storage.' || name) IS NULL THEN
        EXECUTE format('CREATE TABLE storage.%I PARTITION OF storage.rated_point FOR VALUES FROM (%L) TO (%L)',
                       name, month_start, month_end);
    END IF;
    RETURN name;
END;
$$;
