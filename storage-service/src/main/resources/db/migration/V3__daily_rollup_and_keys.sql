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
CREATE INDEX daily_usage_day ON storage.daily_usage (day);

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
