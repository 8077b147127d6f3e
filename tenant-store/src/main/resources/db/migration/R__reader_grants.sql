-- Read access to the tenant tables for other FleetFusion services (role fleetfusion_reader, created with the
-- others by deploy/postgres/roles.sql). Repeatable: Flyway runs it again after the versioned migrations whenever
-- it changes, so a new tenant table is granted by adding it here. Without that role (a database set up by hand),
-- nothing is granted.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetfusion_reader') THEN
        GRANT SELECT ON users, organizations, organization_memberships, processed_events TO fleetfusion_reader;
    END IF;
END
$$;
