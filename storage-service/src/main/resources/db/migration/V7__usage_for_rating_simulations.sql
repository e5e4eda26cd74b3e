-- The processor's what-if simulations (POST /v1/rating/simulations) re-rate the usage storage holds.
-- They read it through these two functions and nothing else: a narrow read contract that storage
-- owns (its columns are the contract; the tables behind them may change with storage's migrations).
-- The reader (${usage_reader_role}, the processor's database role) gets EXECUTE on them, no grant on
-- any table: it can neither write rated data nor read anything else of this schema.
--
-- SECURITY DEFINER: they run as the schema owner, with a fixed search_path so the caller cannot
-- slip its own objects in. Row-level security is FORCEd on rated_point, which binds the owner too:
-- the function sets ratekit.all_scopes for its own query and restores the caller's value after
-- (RETURN QUERY has read every row by then). A function SET clause cannot do it: PostgreSQL refuses
-- a custom setting there to a non-superuser owner.

-- Created here as the processor's own migration (V3__service_role.sql) creates it, whichever of the
-- two services migrates first: the processor logs in with this role.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${usage_reader_role}') THEN
        CREATE ROLE "${usage_reader_role}" LOGIN;
    END IF;
END $$;

-- (OR REPLACE: running this file again is harmless.)
-- The stored points whose period starts in [period_from, period_to), of the given scopes (NULL: all),
-- ordered so that the points of one stored frame (scope, period, frame_id) are contiguous and in
-- their stored order (type, seq). Call it for bounded windows (the processor reads a day at a
-- time): PL/pgSQL materialises the whole result before the first row leaves.
CREATE OR REPLACE FUNCTION storage.usage_for_rating(period_from timestamptz, period_to timestamptz, scopes text[])
RETURNS TABLE (scope_id text, period_begin timestamptz, period_end timestamptz, frame_id text, source text,
               type text, seq integer, unit text, qty numeric, price numeric, groupby jsonb, metadata jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller_setting text := current_setting('ratekit.all_scopes', true);
BEGIN
    PERFORM set_config('ratekit.all_scopes', 'on', true);
    -- two statements rather than "scopes IS NULL OR ...", so each gets a plan that fits it
    IF scopes IS NULL THEN
        RETURN QUERY
            SELECT p.scope_id, p.period_begin, p.period_end, p.frame_id, p.source, p.type, p.seq, p.unit, p.qty, p.price,
                   p.groupby, p.metadata
            FROM storage.rated_point p
            WHERE p.period_begin >= period_from AND p.period_begin < period_to
            ORDER BY p.scope_id, p.period_begin, p.frame_id, p.type, p.seq;
    ELSE
        RETURN QUERY
            SELECT p.scope_id, p.period_begin, p.period_end, p.frame_id, p.source, p.type, p.seq, p.unit, p.qty, p.price,
                   p.groupby, p.metadata
            FROM storage.rated_point p
            WHERE p.period_begin >= period_from AND p.period_begin < period_to AND p.scope_id = ANY (scopes)
            ORDER BY p.scope_id, p.period_begin, p.frame_id, p.type, p.seq;
    END IF;
    PERFORM set_config('ratekit.all_scopes', coalesce(caller_setting, ''), true);
END;
$$;

-- How many points usage_for_rating would return for the same arguments (the simulation's progress total).
CREATE OR REPLACE FUNCTION storage.usage_for_rating_count(period_from timestamptz, period_to timestamptz, scopes text[])
RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller_setting text := current_setting('ratekit.all_scopes', true);
    points bigint;
BEGIN
    PERFORM set_config('ratekit.all_scopes', 'on', true);
    IF scopes IS NULL THEN
        SELECT count(*) INTO points FROM storage.rated_point p
        WHERE p.period_begin >= period_from AND p.period_begin < period_to;
    ELSE
        SELECT count(*) INTO points FROM storage.rated_point p
        WHERE p.period_begin >= period_from AND p.period_begin < period_to AND p.scope_id = ANY (scopes);
    END IF;
    PERFORM set_config('ratekit.all_scopes', coalesce(caller_setting, ''), true);
    RETURN points;
END;
$$;

REVOKE EXECUTE ON FUNCTION storage.usage_for_rating(timestamptz, timestamptz, text[]),
    storage.usage_for_rating_count(timestamptz, timestamptz, text[]) FROM PUBLIC;
GRANT USAGE ON SCHEMA storage TO "${usage_reader_role}";
GRANT EXECUTE ON FUNCTION storage.usage_for_rating(timestamptz, timestamptz, text[]),
    storage.usage_for_rating_count(timestamptz, timestamptz, text[]) TO "${usage_reader_role}";
