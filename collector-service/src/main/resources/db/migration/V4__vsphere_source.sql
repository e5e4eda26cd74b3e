-- The vSphere source's memory per vCenter: how far its event log was read, and the last state
-- Ratekit recorded for each VM (scope, configured size, attributes of its last lifecycle event).
CREATE TABLE collector.vsphere_source (
    vcenter        text        PRIMARY KEY,
    last_event_key integer     NOT NULL DEFAULT 0,
    last_poll      timestamptz,
    vms            integer     NOT NULL DEFAULT 0,
    unmapped_vms   integer     NOT NULL DEFAULT 0
);

CREATE TABLE collector.vsphere_vm (
    vcenter    text    NOT NULL,
    moref      text    NOT NULL,
    scope_id   text    NOT NULL,
    num_cpu    integer NOT NULL,
    memory_mb  integer NOT NULL,
    attributes jsonb   NOT NULL,
    removed    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (vcenter, moref)
);
CREATE INDEX vsphere_vm_scope ON collector.vsphere_vm (scope_id);
