package com.fleetfusion.store.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.model.MembershipRow;
import com.fleetfusion.store.model.OrganizationChange;
import com.fleetfusion.store.model.OrganizationRow;
import com.fleetfusion.store.model.Outcome;
import com.fleetfusion.store.model.UserChange;
import com.fleetfusion.store.model.UserRow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The writes of the tenant tables: multi-row upserts ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO
 * UPDATE ... WHERE <last writer wins>}), one statement per kind of row, on the connection of the caller's
 * transaction. Each statement takes at most one change per key (ON CONFLICT cannot touch a row twice).
 */
@ApplicationScoped
public class TenantTables {

    /**
     * DESIGN.md: a create/update applies when its version is greater, or equal and the row live; a deletion applies
     * when its version is greater or equal. Against a reconciliation tombstone ({@code deleted_by = 'reconcile'}) an
     * event is compared with the row's own last known version ({@code restore_version}), so that a webhook newer than
     * the object's last state restores it, and a deletion event makes it Clerk's tombstone. (Leading space: a text
     * block drops the trailing one of "WHEN ".)
     */
    private static final String LAST_WRITER_WINS = " " + """
            excluded.source_version > (CASE WHEN t.deleted_by = 'reconcile' THEN COALESCE(t.restore_version, 0)
                                            ELSE t.source_version END)
               OR (excluded.source_version = (CASE WHEN t.deleted_by = 'reconcile'
                                                   THEN COALESCE(t.restore_version, 0) ELSE t.source_version END)
                   AND (excluded.deleted_at IS NOT NULL OR t.deleted_at IS NULL))""";

    /**
     * When a write applies, {@code $R} being true for a reconciliation batch: a reconciliation tombstone only ends a
     * live row at a version not older than it (of the same membership generation); a reconciliation upsert (the
     * object found in Clerk) restores a reconciliation tombstone whatever the versions; memberships of another
     * generation: the later one; anything else by {@link #LAST_WRITER_WINS}.
     */
    private static String applies(String reconcileParameter, boolean membership) {
        return " CASE WHEN excluded.deleted_by = 'reconcile' THEN t.deleted_at IS NULL"
                + " AND excluded.source_version >= t.source_version"
                + (membership ? " AND excluded.generation IS NOT DISTINCT FROM t.generation" : "")
                + "\n    WHEN " + reconcileParameter + " AND t.deleted_by = 'reconcile' THEN true"
                + (membership ? "\n    WHEN excluded.generation <> t.generation THEN excluded.generation > t.generation"
                        : "")
                + "\n    ELSE" + LAST_WRITER_WINS + " END";
    }

    private static final String UPSERT_USERS = """
            INSERT INTO users AS t (id, primary_email, first_name, last_name, username, image_url, public_metadata,
                last_sign_in_at, banned, created_at, updated_at, source_version, deleted_at, last_deletion_version,
                deleted_by)
            SELECT e.id, e.primary_email, e.first_name, e.last_name, e.username, e.image_url, e.public_metadata::jsonb,
                ms_to_timestamptz(e.last_sign_in_at), e.banned, ms_to_timestamptz(e.created_at),
                ms_to_timestamptz(e.updated_at), e.source_version,
                CASE WHEN e.deleted THEN ms_to_timestamptz(e.source_version) END,
                CASE WHEN e.deleted AND NOT $14 THEN e.source_version END,
                CASE WHEN e.deleted AND $14 THEN 'reconcile' END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::bigint[], $9::boolean[], $10::bigint[], $11::bigint[], $12::bigint[], $13::boolean[])
                AS e(id, primary_email, first_name, last_name, username, image_url, public_metadata,
                     last_sign_in_at, banned, created_at, updated_at, source_version, deleted)
            ON CONFLICT (id) DO UPDATE SET
                primary_email = excluded.primary_email, first_name = excluded.first_name,
                last_name = excluded.last_name, username = excluded.username, image_url = excluded.image_url,
                public_metadata = excluded.public_metadata, last_sign_in_at = excluded.last_sign_in_at,
                banned = excluded.banned, created_at = excluded.created_at, updated_at = excluded.updated_at,
                source_version = excluded.source_version, deleted_at = excluded.deleted_at,
                last_deletion_version = GREATEST(t.last_deletion_version, excluded.last_deletion_version),
                deleted_by = excluded.deleted_by,
                restore_version = CASE WHEN excluded.deleted_by = 'reconcile' THEN t.source_version END
            WHERE""" + applies("$14", false) + """

            RETURNING t.id""";

    private static final String UPSERT_ORGANIZATIONS = """
            INSERT INTO organizations AS t (id, name, slug, image_url, created_by, public_metadata,
                max_allowed_memberships, created_at, updated_at, source_version, deleted_at, last_deletion_version,
                deleted_by)
            SELECT e.id, e.name, e.slug, e.image_url, e.created_by, e.public_metadata::jsonb,
                e.max_allowed_memberships, ms_to_timestamptz(e.created_at), ms_to_timestamptz(e.updated_at),
                e.source_version,
                CASE WHEN e.deleted THEN ms_to_timestamptz(e.source_version) END,
                CASE WHEN e.deleted AND NOT $12 THEN e.source_version END,
                CASE WHEN e.deleted AND $12 THEN 'reconcile' END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[],
                $8::bigint[], $9::bigint[], $10::bigint[], $11::boolean[])
                AS e(id, name, slug, image_url, created_by, public_metadata, max_allowed_memberships,
                     created_at, updated_at, source_version, deleted)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, slug = excluded.slug, image_url = excluded.image_url,
                created_by = excluded.created_by, public_metadata = excluded.public_metadata,
                max_allowed_memberships = excluded.max_allowed_memberships, created_at = excluded.created_at,
                updated_at = excluded.updated_at, source_version = excluded.source_version,
                deleted_at = excluded.deleted_at,
                last_deletion_version = GREATEST(t.last_deletion_version, excluded.last_deletion_version),
                deleted_by = excluded.deleted_by,
                restore_version = CASE WHEN excluded.deleted_by = 'reconcile' THEN t.source_version END
            WHERE""" + applies("$12", false) + """

            RETURNING t.id""";

    /**
     * A membership is stored as a tombstone when its own change is a deletion or when its organization or user was
     * deleted at a version >= its own (then at that version), whichever of the events came first.
     */
    private static final String UPSERT_MEMBERSHIPS = """
            WITH e AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                    $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::boolean[], $12::bigint[])
                    AS e(organization_id, user_id, membership_id, role, permissions, public_metadata,
                         public_user_data, created_at, updated_at, source_version, deleted, generation)
            ), c AS (
                SELECT e.*, GREATEST(o.last_deletion_version, u.last_deletion_version) AS cascade_version
                FROM e
                LEFT JOIN organizations o ON o.id = e.organization_id
                LEFT JOIN users u ON u.id = e.user_id
            ), s AS (
                SELECT c.*,
                    c.deleted OR COALESCE(c.cascade_version >= c.source_version, false) AS tombstone,
                    GREATEST(c.source_version, c.cascade_version) AS effective_version
                FROM c
            )
            INSERT INTO organization_memberships AS t (organization_id, user_id, membership_id, role, permissions,
                public_metadata, public_user_data, created_at, updated_at, source_version, deleted_at, generation,
                deleted_by)
            SELECT s.organization_id, s.user_id,
                CASE WHEN NOT s.tombstone THEN s.membership_id END,
                CASE WHEN NOT s.tombstone THEN s.role END,
                CASE WHEN NOT s.tombstone AND s.permissions IS NOT NULL
                     THEN ARRAY(SELECT jsonb_array_elements_text(s.permissions::jsonb)) END,
                CASE WHEN NOT s.tombstone THEN s.public_metadata::jsonb END,
                CASE WHEN NOT s.tombstone THEN s.public_user_data::jsonb END,
                CASE WHEN NOT s.tombstone THEN ms_to_timestamptz(s.created_at) END,
                CASE WHEN NOT s.tombstone THEN ms_to_timestamptz(s.updated_at) END,
                s.effective_version,
                CASE WHEN s.tombstone THEN ms_to_timestamptz(s.effective_version) END,
                s.generation,
                CASE WHEN s.deleted AND $13 THEN 'reconcile' END
            FROM s
            ON CONFLICT (organization_id, user_id) DO UPDATE SET
                membership_id = excluded.membership_id, role = excluded.role, permissions = excluded.permissions,
                public_metadata = excluded.public_metadata, public_user_data = excluded.public_user_data,
                created_at = excluded.created_at, updated_at = excluded.updated_at,
                source_version = excluded.source_version, deleted_at = excluded.deleted_at,
                generation = COALESCE(excluded.generation, t.generation),
                deleted_by = excluded.deleted_by,
                restore_version = CASE WHEN excluded.deleted_by = 'reconcile' THEN t.source_version END
            WHERE""" + applies("$13", true) + """

            RETURNING t.organization_id, t.user_id""";

    /** Remembers the newest deletion of a row even when a newer update keeps the row live. */
    private static final String RECORD_DELETIONS = """
            UPDATE %s AS t SET last_deletion_version = d.version
            FROM unnest($1::text[], $2::bigint[]) AS d(id, version)
            WHERE t.id = d.id AND (t.last_deletion_version IS NULL OR t.last_deletion_version < d.version)""";

    /**
     * Deleting an organization or a user tombstones their memberships whose version is not newer (a reconciliation
     * tombstone's version being its own last known one); the generation is kept.
     */
    private static final String CASCADE = """
            UPDATE organization_memberships AS m SET membership_id = NULL, role = NULL, permissions = NULL,
                public_metadata = NULL, public_user_data = NULL, created_at = NULL, updated_at = NULL,
                source_version = d.version, deleted_at = ms_to_timestamptz(d.version), deleted_by = NULL,
                restore_version = NULL
            FROM unnest($1::text[], $2::bigint[]) AS d(id, version)
            WHERE m.%s = d.id
              AND (CASE WHEN m.deleted_by = 'reconcile' THEN COALESCE(m.restore_version, 0) ELSE m.source_version END
                       < d.version
                   OR (m.source_version = d.version AND m.deleted_at IS NULL))""";

    /**
     * Advisory-lock buckets per kind of object: bounds the locks one batch holds (Postgres's lock table is shared and
     * finite; a batch of 5,000 memberships would otherwise take 10,000 locks). Two keys in one bucket only serialize
     * more than needed.
     */
    private static final int LOCK_BUCKETS = 1024;

    /** tenant-store's advisory lock keys: "tenant" in the high bytes, away from the small keys other tools pick. */
    private static final long LOCK_KEY_BASE = 0x7465_6e61_6e74_0000L;

    private static final String BEGIN_APPLY = "SELECT begin_apply($1::bigint[], $2::boolean[])";

    private static final String INDEX_SCANS_ONLY = "SELECT set_config('enable_seqscan', 'off', true)";

    private static final String SEEN_SVIX_IDS = "SELECT svix_id FROM processed_events WHERE svix_id = ANY($1::text[])";

    private static final String RECORD_PROCESSED = """
            INSERT INTO processed_events (svix_id, event_type, outcome)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
            ON CONFLICT (svix_id) DO NOTHING""";

    /**
     * The first statement of a batch's writes ({@code begin_apply}, migration V4): turns sequential scans off for the
     * transaction (every statement of a batch reaches rows by key, and a new database has no statistics to tell the
     * planner so), then takes the advisory locks that serialize it with concurrent apply transactions where they could
     * miss each other under READ COMMITTED (the batch before it, another replica's partitions, a reconciliation run):
     * a membership upsert reads its organization's and user's deletion versions, and a deletion's cascade updates the
     * memberships it can see. Deleting a user or an organization holds its key exclusively, writing a membership
     * holds the keys of its organization and user shared; whoever comes second waits for the first's commit, and its
     * next statement sees it. Keys are taken in ascending order, so two transactions never wait for each other.
     */
    public Uni<Void> beginApply(SqlConnection connection, Collection<MembershipChange> memberships,
            Collection<String> deletedUsers, Collection<String> deletedOrganizations) {
        TreeMap<Long, Boolean> exclusiveByKey = new TreeMap<>();
        for (MembershipChange membership : memberships) {
            exclusiveByKey.putIfAbsent(lockKey(0, membership.organizationId()), false);
            exclusiveByKey.putIfAbsent(lockKey(1, membership.userId()), false);
        }
        deletedOrganizations.forEach(id -> exclusiveByKey.put(lockKey(0, id), true));
        deletedUsers.forEach(id -> exclusiveByKey.put(lockKey(1, id), true));
        return connection.preparedQuery(BEGIN_APPLY)
                .execute(Tuple.of(exclusiveByKey.keySet().toArray(Long[]::new),
                        exclusiveByKey.values().toArray(Boolean[]::new)))
                .replaceWithVoid();
    }

    /** kind 0: organizations, 1: users. String.hashCode is specified, so every replica computes the same key. */
    private static long lockKey(int kind, String id) {
        return LOCK_KEY_BASE + (long) kind * LOCK_BUCKETS + Math.floorMod(id.hashCode(), LOCK_BUCKETS);
    }

    /**
     * Returns the ids written (inserted or updated).
     *
     * @param reconcile the changes come from a reconciliation run (its tombstones are marked, its upserts restore)
     */
    public Uni<Set<String>> upsertUsers(SqlConnection connection, Collection<UserChange> changes, boolean reconcile) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = changes.size();
        String[] id = new String[n], email = new String[n], first = new String[n], last = new String[n],
                username = new String[n], image = new String[n], metadata = new String[n];
        Long[] lastSignIn = new Long[n], created = new Long[n], updated = new Long[n], version = new Long[n];
        Boolean[] banned = new Boolean[n], deleted = new Boolean[n];
        int i = 0;
        for (UserChange change : changes) {
            UserRow row = change.row();
            id[i] = change.id();
            version[i] = change.version();
            deleted[i] = change.deletion();
            if (row != null) {
                email[i] = row.primaryEmail();
                first[i] = row.firstName();
                last[i] = row.lastName();
                username[i] = row.username();
                image[i] = row.imageUrl();
                metadata[i] = row.publicMetadataJson();
                lastSignIn[i] = row.lastSignInAt();
                banned[i] = row.banned();
                created[i] = row.createdAt();
                updated[i] = row.updatedAt();
            }
            i++;
        }
        return ids(connection, UPSERT_USERS, Tuple.tuple(List.of(id, email, first, last, username, image, metadata,
                lastSignIn, banned, created, updated, version, deleted, reconcile)));
    }

    public Uni<Set<String>> upsertOrganizations(SqlConnection connection, Collection<OrganizationChange> changes,
            boolean reconcile) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = changes.size();
        String[] id = new String[n], name = new String[n], slug = new String[n], image = new String[n],
                createdBy = new String[n], metadata = new String[n];
        Integer[] maxMemberships = new Integer[n];
        Long[] created = new Long[n], updated = new Long[n], version = new Long[n];
        Boolean[] deleted = new Boolean[n];
        int i = 0;
        for (OrganizationChange change : changes) {
            OrganizationRow row = change.row();
            id[i] = change.id();
            version[i] = change.version();
            deleted[i] = change.deletion();
            if (row != null) {
                name[i] = row.name();
                slug[i] = row.slug();
                image[i] = row.imageUrl();
                createdBy[i] = row.createdBy();
                metadata[i] = row.publicMetadataJson();
                maxMemberships[i] = row.maxAllowedMemberships();
                created[i] = row.createdAt();
                updated[i] = row.updatedAt();
            }
            i++;
        }
        return ids(connection, UPSERT_ORGANIZATIONS, Tuple.tuple(List.of(id, name, slug, image, createdBy, metadata,
                maxMemberships, created, updated, version, deleted, reconcile)));
    }

    /** Returns the keys ({@code orgId:userId}) written. */
    public Uni<Set<String>> upsertMemberships(SqlConnection connection, Collection<MembershipChange> changes,
            boolean reconcile) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = changes.size();
        String[] org = new String[n], user = new String[n], membershipId = new String[n], role = new String[n],
                permissions = new String[n], metadata = new String[n], userData = new String[n];
        Long[] created = new Long[n], updated = new Long[n], version = new Long[n], generation = new Long[n];
        Boolean[] deleted = new Boolean[n];
        int i = 0;
        for (MembershipChange change : changes) {
            MembershipRow row = change.row();
            org[i] = change.organizationId();
            user[i] = change.userId();
            version[i] = change.version();
            deleted[i] = change.deletion();
            generation[i] = change.generation();
            if (row != null) {
                membershipId[i] = row.membershipId();
                role[i] = row.role();
                permissions[i] = row.permissions() == null ? null : jsonArray(row.permissions());
                metadata[i] = row.publicMetadataJson();
                userData[i] = row.publicUserDataJson();
                created[i] = row.createdAt();
                updated[i] = row.updatedAt();
            }
            i++;
        }
        return connection.preparedQuery(UPSERT_MEMBERSHIPS)
                .execute(Tuple.tuple(List.of(org, user, membershipId, role, permissions, metadata, userData, created,
                        updated, version, deleted, generation, reconcile)))
                .map(rows -> {
                    Set<String> keys = new HashSet<>();
                    for (Row row : rows) {
                        keys.add(ClerkEventKey.membership(row.getString(0), row.getString(1)));
                    }
                    return keys;
                });
    }

    /**
     * Records the deletions (newest per id) of users or organizations and tombstones their memberships.
     *
     * @param table {@code users} or {@code organizations}
     */
    public Uni<Void> recordDeletionsAndCascade(SqlConnection connection, String table, Map<String, Long> deletions) {
        if (deletions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String membershipColumn = switch (table) {
            case "users" -> "user_id";
            case "organizations" -> "organization_id";
            default -> throw new IllegalArgumentException(table);
        };
        Tuple tuple = Tuple.of(deletions.keySet().toArray(String[]::new), deletions.values().toArray(Long[]::new));
        // pipelined: both statements are sent at once and run in this order
        return Uni.combine().all()
                .unis(connection.preparedQuery(RECORD_DELETIONS.formatted(table)).execute(tuple),
                        connection.preparedQuery(CASCADE.formatted(membershipColumn)).execute(tuple))
                .discardItems();
    }

    /**
     * The svix-ids already processed, a batch's first statement: it runs before begin_apply, so it turns sequential
     * scans off itself (same reason), pipelined with the look-up.
     */
    public Uni<Set<String>> seenSvixIds(SqlConnection connection, Collection<String> svixIds) {
        if (svixIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Uni.combine().all()
                .unis(connection.preparedQuery(INDEX_SCANS_ONLY).execute(),
                        ids(connection, SEEN_SVIX_IDS, Tuple.of(svixIds.toArray(String[]::new))))
                .with((planned, seen) -> seen);
    }

    private static final String RECORD_INSTANCES = """
            INSERT INTO clerk_instances (instance_id, source) SELECT unnest($1::text[]), 'webhook'
            ON CONFLICT (instance_id) DO NOTHING""";

    /** Records the Clerk instances of the events applied (the caller sends each id once per process). */
    public Uni<Void> recordInstances(SqlConnection connection, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(RECORD_INSTANCES).execute(Tuple.of(instanceIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public record Processed(String svixId, String eventType, Outcome outcome) {
    }

    /**
     * Records the batch's new svix-ids, in svix-id order: two batches inserting the same redelivered ids (neither saw
     * the other's) then wait for each other in the same order, never in a cycle.
     */
    public Uni<Void> recordProcessed(SqlConnection connection, List<Processed> processed) {
        if (processed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>(), types = new ArrayList<>(), outcomes = new ArrayList<>();
        for (Processed p : processed.stream().sorted(Comparator.comparing(Processed::svixId)).toList()) {
            ids.add(p.svixId());
            types.add(p.eventType());
            outcomes.add(p.outcome().label());
        }
        return connection.preparedQuery(RECORD_PROCESSED)
                .execute(Tuple.of(ids.toArray(String[]::new), types.toArray(String[]::new),
                        outcomes.toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Set<String>> ids(SqlConnection connection, String sql, Tuple tuple) {
        return connection.preparedQuery(sql).execute(tuple).map(TenantTables::firstColumn);
    }

    private static Set<String> firstColumn(RowSet<Row> rows) {
        Set<String> ids = new HashSet<>();
        for (Row row : rows) {
            ids.add(row.getString(0));
        }
        return ids;
    }

    private static String jsonArray(List<String> values) {
        return io.vertx.core.json.JsonArray.of(values.toArray()).encode();
    }
}
