-- storage.point_key lists every groupby and metadata key stored, of every tenant (a key can be a
-- tenant's tag name). Like the other tables that tell tenants apart, it is row-secured: only a
-- transaction that set ratekit.all_scopes (an operator's, see V4) sees its rows. The keys carry no
-- scope, so there is no tenant policy: a tenant's transaction sees no key at all (the API asks for
-- known keys only on operators' requests). The ingest role (BYPASSRLS) records keys as before.
ALTER TABLE storage.point_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.point_key FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_all ON storage.point_key USING ((SELECT storage.caller_sees_all()))
    WITH CHECK ((SELECT storage.caller_sees_all()));
