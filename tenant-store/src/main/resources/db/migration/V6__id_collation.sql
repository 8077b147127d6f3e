-- Clerk's ids and Svix's message ids are opaque ASCII identifiers: nothing orders them linguistically, yet as text
-- columns of a database created with a locale (en_US.UTF-8, C.UTF-8) every B-tree comparison of them went through
-- the locale's strcoll, the largest single cost of applying a batch (measured: a third of Postgres's CPU in the
-- benchmark was spent comparing index keys). The "C" collation compares them as bytes: the same order for these
-- ASCII ids, the same equality, a fraction of the CPU. Comparisons with parameters and unnest(...) columns (default
-- collation) take the column's collation, so every statement keeps using these indexes.
-- Changing only the collation rewrites no table rows; Postgres rebuilds the indexes on these columns.
ALTER TABLE users ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE organizations ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE organization_memberships
    ALTER COLUMN organization_id TYPE text COLLATE "C",
    ALTER COLUMN user_id TYPE text COLLATE "C";
ALTER TABLE processed_events ALTER COLUMN svix_id TYPE text COLLATE "C";
