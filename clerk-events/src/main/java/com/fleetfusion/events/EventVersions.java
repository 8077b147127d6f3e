package com.fleetfusion.events;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Event versions: epoch times in ms, where Clerk sometimes sends seconds. A version far ahead of the clock cannot be
 * genuine and would pin a row for ever (last writer wins): it is refused.
 */
public final class EventVersions {

    /** Epoch values below this are seconds (10^12 ms is September 2001; 10^12 s is 33 658 AD). */
    public static final long SECONDS_LIMIT = 1_000_000_000_000L;
    /** The default of {@code EVENTS_MAX_FUTURE}. */
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofHours(1);

    /** The envelope member that holds a deletion's version. */
    public static final String ENVELOPE_TIME = "timestamp";
    /** The member of {@code data} that holds an upsert's version. */
    public static final String DATA_TIME = "updated_at";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventVersions() {
    }

    /**
     * The newest time an event envelope states, in ms: the larger of its {@code timestamp} (a deletion's version) and
     * {@code data.updated_at} (an upsert's version), each seconds or ms; -1 when it has neither or is not JSON. One
     * streaming pass that reads nothing else (a parser already walking the envelope can use {@link #ENVELOPE_TIME},
     * {@link #DATA_TIME} and {@link #millisAt} instead). A genuine Clerk event has both at or before now.
     */
    public static long newestTime(byte[] envelope) {
        long newest = -1;
        try (JsonParser parser = JSON.createParser(envelope)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (ENVELOPE_TIME.equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    newest = Math.max(newest, millisAt(parser));
                } else if ("data".equals(name) && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        JsonToken inner = parser.nextToken();
                        if (DATA_TIME.equals(field) && inner == JsonToken.VALUE_NUMBER_INT) {
                            newest = Math.max(newest, millisAt(parser));
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException notJson) {
            return newest;
        }
        return newest;
    }

    /** The integer the parser is at, as epoch ms (seconds or ms); an integer beyond a long is beyond any clock. */
    public static long millisAt(JsonParser parser) throws IOException {
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE
                : toMillis(parser.getLongValue());
    }

    /** {@code epoch} in ms: values below {@link #SECONDS_LIMIT} are taken as seconds. */
    public static long toMillis(long epoch) {
        return epoch < SECONDS_LIMIT ? epoch * 1000 : epoch;
    }

    /** Whether {@code versionMillis} is more than {@code maxFuture} ahead of {@code nowMillis}. */
    public static boolean isTooFarAhead(long versionMillis, long nowMillis, Duration maxFuture) {
        return versionMillis - nowMillis > maxFuture.toMillis();
    }
}
