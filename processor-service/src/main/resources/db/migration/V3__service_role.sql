-- The processor logs in as ${service_role}, neither owner nor superuser (least privilege, as the
-- collector and storage): it reads and writes rules and scripts but cannot change the schema.
-- Flyway runs as the owner (quarkus.flyway.username). A later migration that adds a table grants
-- it explicitly (no default privileges).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${service_role}') THEN
        CREATE ROLE "${service_role}" LOGIN;
    END IF;
END $$;

GRANT USAGE ON SCHEMA rating TO "${service_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA rating TO "${service_role}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA rating TO "${service_role}";
REVOKE ALL ON rating.flyway_schema_history FROM "${service_role}";
