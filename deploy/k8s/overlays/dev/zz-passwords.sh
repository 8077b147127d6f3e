#!/bin/sh
# dev PostgreSQL, first initialisation, after roles.sql: the passwords of the services' own logins, from their Secrets.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v tenant_store_password="$TENANT_STORE_DB_PASSWORD" -v onboarding_password="$ONBOARDING_DB_PASSWORD" <<'SQL'
ALTER ROLE tenant_store PASSWORD :'tenant_store_password';
ALTER ROLE onboarding PASSWORD :'onboarding_password';
SQL
