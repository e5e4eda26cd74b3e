-- Resource lifecycle events as received. Nothing is ever dropped: late and out-of-order events
-- are stored and flagged, and counted on their scope's state.
CREATE TABLE collector.resource_event (
    id            bigserial   PRIMARY KEY,
    scope_id      text        NOT NULL,
    event_id      text        NOT NULL,
    resource_id   text        NOT NULL,
    resource_type text        NOT NULL,
    action        text        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    occurred_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    attributes    jsonb       NOT NULL DEFAULT '{}',
    late          boolean     NOT NULL DEFAULT false,
    out_of_order  boolean     NOT NULL DEFAULT false,
    CONSTRAINT resource_event_unique UNIQUE (scope_id, event_id)
);
CREATE INDEX resource_event_timeline ON collector.resource_event (scope_id, resource_id, occurred_at, id);
CREATE INDEX resource_event_deletes ON collector.resource_event (scope_id, resource_id, occurred_at) WHERE action = 'delete';

-- Per (scope, source): how far collection got. last_processed_end is the end of the last
-- collected period (CloudKitty stores its begin; the API shows that value).
CREATE TABLE collector.scope_state (
    scope_id              text        NOT NULL,
    source                text        NOT NULL,
    scope_key             text        NOT NULL DEFAULT 'project_id',
    fetcher               text        NOT NULL,
    first_period_begin    timestamptz NOT NULL,
    last_processed_end    timestamptz NOT NULL,
    active                boolean     NOT NULL DEFAULT true,
    activation_toggled_at timestamptz,
    late_events           bigint      NOT NULL DEFAULT 0,
    out_of_order_events   bigint      NOT NULL DEFAULT 0,
    last_late_event_at    timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope_id, source)
);
