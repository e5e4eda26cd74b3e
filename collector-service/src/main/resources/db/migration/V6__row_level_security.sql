-- Tenant isolation enforced by PostgreSQL on the collector's per-scope tables (usage events,
-- samples, vSphere VMs, scope state, reprocessing). Flyway runs this as the schema owner; the
-- service connects as ${service_role}, which is neither owner nor superuser, so the policies bind
-- it. Every transaction sets ratekit.all_scopes (operators, the scheduler) or ratekit.scopes with
-- set_config(..., true), i.e. SET LOCAL; a transaction that sets neither sees no row.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${service_role}') THEN
        CREATE ROLE "${service_role}" LOGIN;
    END IF;
END $$;

CREATE FUNCTION collector.caller_sees_all() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('ratekit.all_scopes', true), '') = 'on' $$;

CREATE FUNCTION collector.caller_scopes() RETURNS text[]
LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting('ratekit.scopes', true), ''), '{}')::text[] $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['resource_event', 'resource_sample', 'vsphere_vm', 'scope_state', 'reprocess_schedule'] LOOP
        EXECUTE format('ALTER TABLE collector.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE collector.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY operator_all ON collector.%I USING ((SELECT collector.caller_sees_all()))'
                       ' WITH CHECK ((SELECT collector.caller_sees_all()))', t);
        EXECUTE format('CREATE POLICY tenant_own ON collector.%I USING (scope_id = ANY ((SELECT collector.caller_scopes())::text[]))'
                       ' WITH CHECK (scope_id = ANY ((SELECT collector.caller_scopes())::text[]))', t);
    END LOOP;
END $$;

GRANT USAGE ON SCHEMA collector TO "${service_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA collector TO "${service_role}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA collector TO "${service_role}";
REVOKE ALL ON collector.flyway_schema_history FROM "${service_role}";
-- No default privileges: a later migration that adds a table grants it explicitly, together with
-- its policies when it holds per-scope rows. Data migrations run as the owner, whom FORCE binds
-- too: they start with SELECT set_config('ratekit.all_scopes', 'on', true).
