-- The period index only serves time-range scans across scopes; rows arrive roughly in time order,
-- so a BRIN index does that for a fraction of the write cost and size of a btree.
DROP INDEX storage.rated_point_period;
CREATE INDEX rated_point_period_brin ON storage.rated_point USING brin (period_begin);

-- Daily rollup of rated points by (scope, type, UTC day of the period start), maintained by the
-- storing transaction, so month and year summaries by scope/type/day read one row per day
-- instead of every point. points = number of rated points summed (0 means: none left).
CREATE TABLE storage.daily_usage (
    scope_id text        NOT NULL,
    type     text        NOT NULL,
    day      timestamptz NOT NULL,
    qty      numeric     NOT NULL,
    price    numeric     NOT NULL,
    points   bigint      NOT NULL,
    PRIMARY KEY (scope_id, type, day)
);
-- no index on day alone: all-scope windows read most rows anyway, and a day index lures generic
-- plans away from the primary key for one scope's month (measured: 100 ms instead of 1 ms)

INSERT INTO storage.daily_usage (scope_id, type, day, qty, price, points)
SELECT scope_id, type, date_trunc('day', period_begin AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', sum(qty), sum(price), count(*)
FROM storage.rated_point GROUP BY 1, 2, 3;

-- Every groupby/metadata key stored, to tell an unknown summary groupby from an empty result.
CREATE TABLE storage.point_key (
    key text PRIMARY KEY
);
INSERT INTO storage.point_key (key)
SELECT jsonb_object_keys(groupby) FROM storage.rated_point
UNION
SELECT jsonb_object_keys(metadata) FROM storage.rated_point;
