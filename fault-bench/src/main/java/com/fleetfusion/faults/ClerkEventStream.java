package com.fleetfusion.faults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * An endless stream of distinct, realistic Clerk webhook events (docs/clerk-facts.md, "Webhook payload shapes"), as
 * Svix hands them over: out of order within a window. Each "fleet" is an organization with three users going through
 * a life: sign-ups, an update, the organization with its admin, two members, a promotion, a removal and re-add (a new
 * membership generation), and for some fleets a user's or the whole organization's deletion. Versions come from one
 * strictly increasing millisecond clock per fleet, so that no two changes of an object tie (DESIGN: ties need a fixed
 * rule only between a deletion and an update, which the model applies too).
 */
final class ClerkEventStream {

    /** Shuffle window: Svix delivers concurrently, so events of neighbouring fleets overtake one another. */
    private static final int WINDOW = 48;

    private final String runId;
    private final Random random;
    private final List<ClerkEvent> window = new ArrayList<>();
    private final Deque<ClerkEvent> upcoming = new ArrayDeque<>();
    private long clock;
    private long fleet;
    private long sequence;

    ClerkEventStream(String runId, long seed) {
        this.runId = runId;
        this.random = new Random(seed);
    }

    /** The next event to deliver. */
    synchronized ClerkEvent next() {
        while (window.size() < WINDOW) {
            if (upcoming.isEmpty()) {
                nextFleet();
            }
            window.add(upcoming.poll());
        }
        // mostly the oldest, sometimes one from further on: neighbours overtake, nothing waits forever
        int index = random.nextInt(4) == 0 ? random.nextInt(window.size()) : 0;
        return window.remove(index);
    }

    /** The next version of the current fleet: its objects' changes never tie, and stay within ms of the wall clock. */
    private long tick() {
        return ++clock;
    }

    private String svixId() {
        return "msg_" + runId + "_" + (sequence++);
    }

    private void nextFleet() {
        long f = fleet++;
        clock = System.currentTimeMillis();
        String org = "org_" + runId + "f" + f;
        String[] users = { "user_" + runId + "f" + f + "a", "user_" + runId + "f" + f + "b",
                "user_" + runId + "f" + f + "c" };
        long[] userCreated = new long[3];
        for (int i = 0; i < 3; i++) {
            userCreated[i] = tick();
            upcoming.add(ClerkEvent.user(svixId(), "user.created", users[i], "Driver" + i, userCreated[i], userCreated[i]));
        }
        long orgCreated = tick();
        upcoming.add(ClerkEvent.organization(svixId(), "organization.created", org, "Fleet " + f, users[0], orgCreated,
                orgCreated));
        long[] memberCreated = new long[3];
        String[] roles = { "org:admin", "org:member", "org:member" };
        for (int i = 0; i < 3; i++) {
            memberCreated[i] = tick();
            upcoming.add(ClerkEvent.membership(svixId(), "organizationMembership.created", "orgmem_" + runId + f + "_" + i,
                    org, users[i], roles[i], memberCreated[i], memberCreated[i], memberCreated[i]));
        }
        long userUpdated = tick();
        upcoming.add(ClerkEvent.user(svixId(), "user.updated", users[1], "Dispatcher", userCreated[1], userUpdated));
        long orgUpdated = tick();
        upcoming.add(ClerkEvent.organization(svixId(), "organization.updated", org, "Fleet " + f + " Haulage", users[0],
                orgCreated, orgUpdated));
        long promoted = tick();
        upcoming.add(ClerkEvent.membership(svixId(), "organizationMembership.updated", "orgmem_" + runId + f + "_1", org,
                users[1], "org:admin", memberCreated[1], promoted, promoted));
        // removal: the deleted membership carries its last updated_at; its version is the envelope's timestamp
        long removed = tick();
        upcoming.add(ClerkEvent.membership(svixId(), "organizationMembership.deleted", "orgmem_" + runId + f + "_2", org,
                users[2], "org:member", memberCreated[2], memberCreated[2], removed));
        long readded = tick();
        upcoming.add(ClerkEvent.membership(svixId(), "organizationMembership.created", "orgmem_" + runId + f + "_2r", org,
                users[2], "org:member", readded, readded, readded));
        if (f % 5 == 0) {
            upcoming.add(ClerkEvent.deletion(svixId(), "user.deleted", "user", users[1], tick()));
        }
        if (f % 7 == 3) {
            upcoming.add(ClerkEvent.deletion(svixId(), "organization.deleted", "organization", org, tick()));
        }
    }
}
