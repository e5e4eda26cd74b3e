-- Rule authors' Python rating scripts (CloudKitty's pyscripts_scripts), with every version kept.
-- A script runs by run_order, then name; it prices the periods starting in [start_at, end_at).
CREATE TABLE rating.pyscript (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    run_order  integer     NOT NULL DEFAULT 0,
    start_at   timestamptz,
    end_at     timestamptz,
    version    integer     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_at IS NULL OR start_at IS NULL OR end_at > start_at)
);

CREATE TABLE rating.pyscript_version (
    script_id  uuid        NOT NULL REFERENCES rating.pyscript (id) ON DELETE CASCADE,
    version    integer     NOT NULL,
    name       text        NOT NULL,
    data       text        NOT NULL,
    checksum   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (script_id, version)
);
