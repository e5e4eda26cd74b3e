-- Gauge samples of resources (e.g. a VM's CPU MHz from vCenter's performance manager), each for
-- the interval ending at sampled_at. A period's data point is the mean of the samples ending in
-- (begin, end]. Re-reading a sample is harmless (primary key).
CREATE TABLE collector.resource_sample (
    scope_id    text        NOT NULL,
    resource_id text        NOT NULL,
    type        text        NOT NULL,
    unit        text        NOT NULL,
    sampled_at  timestamptz NOT NULL,
    value       bigint      NOT NULL,
    PRIMARY KEY (scope_id, type, resource_id, sampled_at)
);
CREATE INDEX resource_sample_period ON collector.resource_sample (scope_id, sampled_at);
