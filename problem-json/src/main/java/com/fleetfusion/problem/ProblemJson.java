package com.fleetfusion.problem;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serializer of {@link Problem}: small and without Jackson, so that the gateway's Vert.x routes and every JAX-RS
 * service write the same bytes, and a problem can always be written (no serializer configuration, no checked
 * failure).
 */
final class ProblemJson {

    private ProblemJson() {
    }

    static String write(Problem problem) {
        StringBuilder json = new StringBuilder(256).append('{');
        member(json, "type", problem.type());
        member(json, "title", problem.title());
        member(json, "status", problem.status());
        member(json, "detail", problem.detail());
        member(json, "instance", problem.instance());
        problem.extensions().forEach((name, value) -> member(json, name, value));
        return json.append('}').toString();
    }

    private static void member(StringBuilder json, String name, Object value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        string(json, name);
        json.append(':');
        value(json, value);
    }

    private static void value(StringBuilder json, Object value) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            json.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                json.append("null");
            } else {
                json.append(value);
            }
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, String.valueOf(entry.getKey()));
                json.append(':');
                value(json, entry.getValue());
            }
            json.append('}');
        } else if (value instanceof Record record) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    members.put(component.getName(), component.getAccessor().invoke(record));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("a record member that cannot be read: " + component, e);
                }
            }
            value(json, members);
        } else if (value instanceof Collection<?> list) {
            json.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                value(json, item);
            }
            json.append(']');
        } else {
            string(json, value.toString());
        }
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    // control characters, and the line separators JavaScript parsers choke on, as \\u escapes
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
