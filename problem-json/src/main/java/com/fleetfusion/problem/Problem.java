package com.fleetfusion.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An RFC 9457 problem document: the five standard members and the extension members a type needs (an {@code errors}
 * list, a {@code retryable} flag, a {@code next} page...). Built from a catalogued {@link ProblemType} only, so every
 * answered type is in the catalogue. Members that are null are left out. Nothing here may carry caller input beyond
 * what the service checked to be plain (see {@link #plainPath}).
 *
 * @param extensions further members in the order they are written; values are strings, numbers, booleans, lists and
 *                   maps of those
 */
public record Problem(String type, String title, int status, String detail, String instance,
        Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]{1,128}){1,16}/?");
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    public Problem {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        if (extensions.keySet().stream().anyMatch(STANDARD::contains)) {
            throw new IllegalArgumentException("an extension member may not replace a standard one");
        }
    }

    /** A problem of the type, answered with the type's status. */
    public static Problem of(ProblemType type, String detail) {
        if (type.status() == 0) {
            throw new IllegalArgumentException(type + " has no status of its own: use of(type, status, detail)");
        }
        return of(type, type.status(), detail);
    }

    /** A problem answered with the given status (that of a plain HTTP failure). */
    public static Problem of(ProblemType type, int status, String detail) {
        if (type.status() != 0 && type.status() != status) {
            throw new IllegalArgumentException(type + " is answered with " + type.status() + ", not " + status);
        }
        return new Problem(type.uri(), type.title(), status, detail, null, Map.of());
    }

    /** The same problem with an instance member (null leaves it out). */
    public Problem withInstance(String where) {
        return new Problem(type, title, status, detail, where, extensions);
    }

    /** The same problem with one more extension member (a null value leaves it out). */
    public Problem with(String member, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    /** The document as JSON, the same bytes whichever writer sends it. */
    public String toJson() {
        return ProblemJson.write(this);
    }

    /**
     * The path as an {@code instance} member when it is in the plain form (slash-separated segments of unreserved
     * characters, bounded); anything else is not echoed: null.
     */
    public static String plainPath(String path) {
        return path != null && PLAIN_PATH.matcher(path).matches() ? path : null;
    }
}
