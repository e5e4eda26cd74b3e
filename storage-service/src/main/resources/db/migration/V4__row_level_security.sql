-- Tenant isolation enforced by PostgreSQL (row-level security), not only by the queries.
-- Flyway runs this as the schema owner (quarkus.flyway.username). The service connects as two
-- other roles, neither of them owner or superuser:
--   ${api_role}     the reporting API; subject to the policies below (FORCE also binds the owner)
--   ${ingest_role}  the rated-frame consumer; BYPASSRLS, because it stores every scope's frames
--                   with COPY, which PostgreSQL refuses on tables whose policies apply to the
--                   caller. It never answers a tenant.
-- Each API transaction sets ratekit.all_scopes (operators) or ratekit.scopes (a tenant's scopes)
-- with set_config(..., true), i.e. SET LOCAL; a transaction that sets neither sees no row.
-- FORCE binds the owner too: a later data migration starts with
-- SELECT set_config('ratekit.all_scopes', 'on', true).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${api_role}') THEN
        CREATE ROLE "${api_role}" LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ingest_role}') THEN
        CREATE ROLE "${ingest_role}" LOGIN BYPASSRLS;
    END IF;
END $$;

-- Wrapped in functions and called through scalar sub-selects so that each query evaluates the
-- settings once (an InitPlan), not once per row.
CREATE FUNCTION storage.caller_sees_all() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('ratekit.all_scopes', true), '') = 'on' $$;

CREATE FUNCTION storage.caller_scopes() RETURNS text[]
LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting('ratekit.scopes', true), ''), '{}')::text[] $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['rated_point', 'daily_usage', 'stored_frame'] LOOP
        EXECUTE format('ALTER TABLE storage.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE storage.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY operator_all ON storage.%I USING ((SELECT storage.caller_sees_all()))'
                       ' WITH CHECK ((SELECT storage.caller_sees_all()))', t);
        EXECUTE format('CREATE POLICY tenant_own ON storage.%I USING (scope_id = ANY ((SELECT storage.caller_scopes())::text[]))'
                       ' WITH CHECK (scope_id = ANY ((SELECT storage.caller_scopes())::text[]))', t);
    END LOOP;
END $$;

-- Partitions are created and dropped by the owner on the consumer's behalf.
ALTER FUNCTION storage.ensure_month_partition(timestamptz) SECURITY DEFINER SET search_path = pg_catalog, storage, pg_temp;
REVOKE EXECUTE ON FUNCTION storage.ensure_month_partition(timestamptz) FROM PUBLIC;

CREATE FUNCTION storage.drop_month_partition(partition text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, storage, pg_temp AS $$
BEGIN
    IF partition !~ '^rated_point_[0-9]{4}_[0-9]{2}$' THEN
        RAISE EXCEPTION 'not a month partition of storage.rated_point: %', partition;
    END IF;
    EXECUTE format('DROP TABLE storage.%I', partition);
END;
$$;
REVOKE EXECUTE ON FUNCTION storage.drop_month_partition(text) FROM PUBLIC;

GRANT USAGE ON SCHEMA storage TO "${api_role}", "${ingest_role}";
GRANT SELECT ON storage.rated_point, storage.daily_usage, storage.stored_frame, storage.point_key TO "${api_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON storage.rated_point, storage.daily_usage, storage.stored_frame, storage.point_key
    TO "${ingest_role}";
GRANT EXECUTE ON FUNCTION storage.ensure_month_partition(timestamptz), storage.drop_month_partition(text) TO "${ingest_role}";
