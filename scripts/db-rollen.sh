#!/bin/sh
# Runs once, when the db service of docker-compose.yml creates its volume
# (/docker-entrypoint-initdb.d). Two roles, so that the application cannot erase its own audit
# trail:
#   $POSTGRES_USER       the migration role: owns every table, used only by the init service
#                        (migrate). An owner can DISABLE TRIGGER and TRUNCATE.
#   $POSTGRES_APP_USER   the application role (web, worker, beat): owns nothing, may only
#                        SELECT/INSERT/UPDATE/DELETE. Not the owner, so it cannot disable or drop
#                        a trigger; not a superuser, so it cannot set session_replication_role;
#                        no TRUNCATE privilege. The audit table's triggers refuse its UPDATE and
#                        DELETE (kern migrations 0003 and 0005).
# For an existing database, run the same SQL by hand as the owner (README, "Database roles").
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE "${POSTGRES_APP_USER:-inburgering_app}" LOGIN PASSWORD '${POSTGRES_APP_PASSWORD:?zet POSTGRES_APP_PASSWORD}'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO "${POSTGRES_APP_USER:-inburgering_app}";
GRANT USAGE ON SCHEMA public TO "${POSTGRES_APP_USER:-inburgering_app}";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- Tables and sequences the migration role creates later (migrate) are usable, not owned.
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${POSTGRES_APP_USER:-inburgering_app}";
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO "${POSTGRES_APP_USER:-inburgering_app}";
SQL
