package com.fleetfusion.store.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.store.model.MemberPage;
import com.fleetfusion.store.model.MemberView;
import com.fleetfusion.store.model.MembershipSummary;
import com.fleetfusion.store.model.OrganizationView;
import com.fleetfusion.store.model.UserView;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of live (not tombstoned) tenant rows; a tombstone reads as absent. */
@ApplicationScoped
public class TenantQueries {

    private static final String USER_COLUMNS = """
            u.id AS u_id, u.primary_email AS u_primary_email, u.first_name AS u_first_name,
            u.last_name AS u_last_name, u.username AS u_username, u.image_url AS u_image_url,
            u.public_metadata AS u_public_metadata, u.last_sign_in_at AS u_last_sign_in_at, u.banned AS u_banned,
            u.created_at AS u_created_at, u.updated_at AS u_updated_at""";

    private static final String MEMBER_SELECT = "SELECT m.*, " + USER_COLUMNS + """

            FROM organization_memberships m
            LEFT JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
            WHERE m.organization_id = $1 AND m.deleted_at IS NULL""";

    private final Pool pool;

    public TenantQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<OrganizationView> organization(String organizationId) {
        return pool.preparedQuery("SELECT * FROM organizations WHERE id = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(organizationId))
                .map(rows -> first(rows) == null ? null : organization(first(rows)));
    }

    public Uni<UserView> user(String userId) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL")
                .execute(Tuple.of(userId))
                .map(rows -> first(rows) == null ? null : user(first(rows)));
    }

    /** One live member; {@code details}: whether the caller may see the member's e-mail, last sign-in, banned. */
    public Uni<MemberView> member(String organizationId, String userId, boolean details) {
        return pool.preparedQuery(MEMBER_SELECT + " AND m.user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .map(rows -> first(rows) == null ? null : member(first(rows), details));
    }

    public Uni<MemberPage> members(String organizationId, int limit, int offset, boolean details) {
        Uni<Long> total = pool.preparedQuery(
                "SELECT count(*) FROM organization_memberships WHERE organization_id = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(organizationId)).map(rows -> first(rows).getLong(0));
        Uni<List<MemberView>> page = pool.preparedQuery(MEMBER_SELECT
                        + " ORDER BY m.created_at NULLS LAST, m.user_id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(organizationId, limit, offset))
                .map(rows -> {
                    List<MemberView> members = new ArrayList<>();
                    rows.forEach(row -> members.add(member(row, details)));
                    return members;
                });
        return Uni.combine().all().unis(page, total).asTuple()
                .map(both -> new MemberPage(both.getItem1(), both.getItem2(), limit, offset));
    }

    public Uni<List<MembershipSummary>> membershipsOf(String userId) {
        return pool.preparedQuery("""
                        SELECT m.organization_id, o.name, o.slug, m.membership_id, m.role, m.permissions
                        FROM organization_memberships m
                        LEFT JOIN organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
                        WHERE m.user_id = $1 AND m.deleted_at IS NULL
                        ORDER BY m.created_at NULLS LAST, m.organization_id""")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<MembershipSummary> memberships = new ArrayList<>();
                    for (Row row : rows) {
                        memberships.add(new MembershipSummary(row.getString(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getString(4), strings(row.getArrayOfStrings(5))));
                    }
                    return memberships;
                });
    }

    private static Row first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private static OrganizationView organization(Row row) {
        return new OrganizationView(row.getString("id"), row.getString("name"), row.getString("slug"),
                row.getString("image_url"), row.getString("created_by"), map(row.getValue("public_metadata")),
                row.getInteger("max_allowed_memberships"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }

    private static UserView user(Row row) {
        if (row.getString("u_id") == null) {
            return null;
        }
        return new UserView(row.getString("u_id"), row.getString("u_primary_email"), row.getString("u_first_name"),
                row.getString("u_last_name"), row.getString("u_username"), row.getString("u_image_url"),
                map(row.getValue("u_public_metadata")), instant(row.getOffsetDateTime("u_last_sign_in_at")),
                row.getBoolean("u_banned"), instant(row.getOffsetDateTime("u_created_at")),
                instant(row.getOffsetDateTime("u_updated_at")));
    }

    private static MemberView member(Row row, boolean details) {
        boolean userKnown = row.getString("u_id") != null;
        return new MemberView(row.getString("organization_id"), row.getString("user_id"),
                row.getString("membership_id"), row.getString("role"), strings(row.getArrayOfStrings("permissions")),
                map(row.getValue("public_metadata")),
                userKnown ? publicUserData(row) : carriedUserData(row.getString("user_id"), row.getValue("public_user_data")),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                details && userKnown ? new MemberView.MemberDetails(row.getString("u_primary_email"),
                        instant(row.getOffsetDateTime("u_last_sign_in_at")), row.getBoolean("u_banned")) : null);
    }

    /** Clerk's identifier of a user is the address or username it signs in with. */
    private static MemberView.PublicUserData publicUserData(Row row) {
        String email = row.getString("u_primary_email");
        return new MemberView.PublicUserData(row.getString("u_id"), row.getString("u_first_name"),
                row.getString("u_last_name"), row.getString("u_image_url"),
                email != null ? email : row.getString("u_username"));
    }

    /** What the membership event carried, until the user's own event arrives. */
    private static MemberView.PublicUserData carriedUserData(String userId, Object json) {
        if (!(json instanceof JsonObject carried)) {
            return new MemberView.PublicUserData(userId, null, null, null, null);
        }
        return new MemberView.PublicUserData(userId, carried.getString("first_name"), carried.getString("last_name"),
                carried.getString("image_url"), carried.getString("identifier"));
    }

    /** Clerk metadata is a JSON object; anything else stored there reads as absent rather than failing. */
    private static Map<String, Object> map(Object json) {
        return json instanceof JsonObject object ? object.getMap() : null;
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
