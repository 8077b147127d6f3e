package com.fleetfusion.faults;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tenant tables must hold after a multiset of events, computed from DESIGN's database rules alone, with none
 * of tenant-store's code: since applying any multiset in any order gives one final state, that state is, per row,
 * the event that wins under the rules' order.
 * <ul>
 * <li>users, organizations: the highest version wins; on equal versions a deletion wins over an update;</li>
 * <li>memberships: the latest generation ({@code created_at}) first, then as above within it; and a live membership
 * whose organization or user was deleted at a version not older than the membership's own is a tombstone.</li>
 * </ul>
 */
final class TenantModel {

    /** One expected row: {@code value} is the first name, name or {@code role membership_id} of a live row. */
    record Row(boolean live, long version, String value) {
    }

    private static final Comparator<ClerkEvent> WINS = Comparator.comparingLong(ClerkEvent::generation)
            .thenComparingLong(ClerkEvent::version)
            .thenComparing(ClerkEvent::deleted);

    private final Map<String, ClerkEvent> users = new HashMap<>();
    private final Map<String, ClerkEvent> organizations = new HashMap<>();
    private final Map<String, ClerkEvent> memberships = new HashMap<>();

    /** The model of every event in {@code events} (duplicates change nothing). */
    static TenantModel of(Collection<ClerkEvent> events) {
        TenantModel model = new TenantModel();
        events.forEach(model::add);
        return model;
    }

    private void add(ClerkEvent event) {
        Map<String, ClerkEvent> table = switch (event.kind()) {
            case USER -> users;
            case ORGANIZATION -> organizations;
            case MEMBERSHIP -> memberships;
        };
        table.merge(event.id(), event, (a, b) -> WINS.compare(a, b) >= 0 ? a : b);
    }

    Map<String, Row> users() {
        return rows(users, e -> e.name());
    }

    Map<String, Row> organizations() {
        return rows(organizations, e -> e.name());
    }

    /** Memberships by {@code <org id>:<user id>}; a tombstone's version is not compared (a cascade may set it). */
    Map<String, Row> memberships() {
        Map<String, Row> rows = new TreeMap<>();
        memberships.forEach((key, winner) -> {
            String[] ids = key.split(":", 2);
            boolean live = !winner.deleted() && !deletedSince(organizations.get(ids[0]), winner.version())
                    && !deletedSince(users.get(ids[1]), winner.version());
            rows.put(key, live ? new Row(true, winner.version(), winner.role() + " " + winner.membershipId())
                    : new Row(false, -1, null));
        });
        return rows;
    }

    private static boolean deletedSince(ClerkEvent parent, long version) {
        return parent != null && parent.deleted() && parent.version() >= version;
    }

    private static Map<String, Row> rows(Map<String, ClerkEvent> table,
            java.util.function.Function<ClerkEvent, String> value) {
        Map<String, Row> rows = new TreeMap<>();
        table.forEach((id, winner) -> rows.put(id, new Row(!winner.deleted(), winner.version(),
                winner.deleted() ? null : value.apply(winner))));
        return rows;
    }
}
