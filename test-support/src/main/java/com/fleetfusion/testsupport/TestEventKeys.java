package com.fleetfusion.testsupport;

import com.fleetfusion.events.EventSigner;

/**
 * The record-signing keys of the tests ({@code EVENTS_SIGNING_KEYS}): {@link KafkaResource} gives them to each
 * {@code @QuarkusTest}, {@link QuarkusAppProcess} to each packaged service, and {@link KafkaTopicWriter} signs with
 * them. Public test values, never a production key.
 */
public final class TestEventKeys {

    /** The signing key of the tests. */
    public static final String SIGNING_KEY = "test-events-signing-key-0123456789abcdef";
    /** An older key still listed (rotation): records it signed verify, new records are signed with the first. */
    public static final String PREVIOUS_KEY = "test-events-previous-key-fedcba9876543210";
    /** A key no service lists: records it signed are refused. */
    public static final String REMOVED_KEY = "test-events-removed-key-00112233445566778899";
    /** {@code EVENTS_SIGNING_KEYS} of the tests: the first signs, any verifies. */
    public static final String SIGNING_KEYS = SIGNING_KEY + "," + PREVIOUS_KEY;

    private TestEventKeys() {
    }

    /** A signer with the tests' keys. */
    public static EventSigner signer() {
        return EventSigner.ofKeys(SIGNING_KEYS);
    }
}
