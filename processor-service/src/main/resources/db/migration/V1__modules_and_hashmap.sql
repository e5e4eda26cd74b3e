-- Rating module state (CloudKitty's modules_state): modules are disabled until enabled.
CREATE TABLE rating.module_state (
    name     text    PRIMARY KEY,
    enabled  boolean NOT NULL DEFAULT false,
    priority integer NOT NULL DEFAULT 1
);

-- One row: bumped by every change of module state or rules, so every processor replica
-- notices a change with one cheap query and reloads one consistent snapshot.
CREATE TABLE rating.ruleset_version (
    id         smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO rating.ruleset_version (version) VALUES (1);

CREATE TABLE rating.hashmap_service (
    id   uuid PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE rating.hashmap_field (
    id         uuid PRIMARY KEY,
    service_id uuid NOT NULL REFERENCES rating.hashmap_service (id) ON DELETE CASCADE,
    name       text NOT NULL,
    UNIQUE (service_id, name)
);

CREATE TABLE rating.hashmap_group (
    id   uuid PRIMARY KEY,
    name text NOT NULL UNIQUE
);

-- Mappings and thresholds keep CloudKitty's cost scale, numeric(40,28), and level numeric(20,8).
-- seq is the load order: where CloudKitty keeps "the last one loaded", Ratekit keeps the last created.
CREATE TABLE rating.hashmap_mapping (
    id         uuid          PRIMARY KEY,
    seq        bigserial     NOT NULL UNIQUE,
    service_id uuid          REFERENCES rating.hashmap_service (id) ON DELETE CASCADE,
    field_id   uuid          REFERENCES rating.hashmap_field (id) ON DELETE CASCADE,
    value      text,
    map_type   text          NOT NULL CHECK (map_type IN ('flat', 'rate')),
    cost       numeric(40, 28) NOT NULL,
    group_id   uuid          REFERENCES rating.hashmap_group (id) ON DELETE SET NULL,
    tenant_id  text,
    start_at   timestamptz,
    end_at     timestamptz,
    CHECK ((service_id IS NULL) <> (field_id IS NULL)),
    CHECK (field_id IS NULL OR value IS NOT NULL),
    CHECK (end_at IS NULL OR start_at IS NULL OR end_at > start_at)
);
CREATE INDEX hashmap_mapping_service ON rating.hashmap_mapping (service_id);
CREATE INDEX hashmap_mapping_field ON rating.hashmap_mapping (field_id);

CREATE TABLE rating.hashmap_threshold (
    id         uuid          PRIMARY KEY,
    seq        bigserial     NOT NULL UNIQUE,
    service_id uuid          REFERENCES rating.hashmap_service (id) ON DELETE CASCADE,
    field_id   uuid          REFERENCES rating.hashmap_field (id) ON DELETE CASCADE,
    level      numeric(20, 8) NOT NULL,
    map_type   text          NOT NULL CHECK (map_type IN ('flat', 'rate')),
    cost       numeric(40, 28) NOT NULL,
    group_id   uuid          REFERENCES rating.hashmap_group (id) ON DELETE SET NULL,
    tenant_id  text,
    start_at   timestamptz,
    end_at     timestamptz,
    CHECK ((service_id IS NULL) <> (field_id IS NULL)),
    CHECK (end_at IS NULL OR start_at IS NULL OR end_at > start_at)
);
CREATE INDEX hashmap_threshold_service ON rating.hashmap_threshold (service_id);
CREATE INDEX hashmap_threshold_field ON rating.hashmap_threshold (field_id);
