-- FleetFusion's database roles, one per service (least privilege). Run once per database, before the services
-- first start, as the database's owner (Neon: the project's owner role); it is idempotent. Set each login's
-- password separately (ALTER ROLE tenant_store PASSWORD '...'), never in this file. The runbook
-- (docs/operations.md, "Database roles") has the whole procedure, also for an existing database.

DO $$
BEGIN
    -- tenant-store: owns the tenant tables (its Flyway migrations create them) and is their only writer
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenant_store') THEN
        CREATE ROLE tenant_store LOGIN;
    END IF;
    -- onboarding-service: its saga log in a schema of its own, no privilege on the tenant tables
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onboarding') THEN
        CREATE ROLE onboarding LOGIN;
    END IF;
    -- other FleetFusion services: read the tenant tables (grant this role to their logins)
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetfusion_reader') THEN
        CREATE ROLE fleetfusion_reader NOLOGIN;
    END IF;
END
$$;

-- before PostgreSQL 15 every role may create in public: only tenant-store may
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO tenant_store;
GRANT USAGE ON SCHEMA public TO fleetfusion_reader;

CREATE SCHEMA IF NOT EXISTS onboarding AUTHORIZATION onboarding;
REVOKE ALL ON SCHEMA onboarding FROM PUBLIC;
