package com.fleetfusion.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code @WithDefault}s of a {@code @ConfigMapping} interface's source, by property name (groups followed into
 * their nested interfaces), so that a default written twice, there and in an application.properties expression,
 * can be compared.
 */
final class ConfigMappingDefaults {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"(\\d+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DEFAULT = Pattern.compile("@WithDefault\\(\\s*\"(\\d+)\"\\s*\\)");
    private static final Pattern NAME = Pattern.compile("@WithName\\(\\s*\"(\\d+)\"\\s*\\)");
    private static final Pattern METHOD = Pattern.compile("([\\w.<>?, ]+?)\\s+(\\w+)\\(\\)\\s*$");

    private ConfigMappingDefaults() {
    }

    /** Property name to default, empty when the source declares no {@code @ConfigMapping}. */
    static Map<String, String> of(String source) {
        // string literals become their index, so that braces, semicolons and slashes in them count for nothing
        List<String> literals = new ArrayList<>();
        Matcher literal = LITERAL.matcher(source);
        StringBuilder replaced = new StringBuilder();
        while (literal.find()) {
            literal.appendReplacement(replaced, "\"" + literals.size() + "\"");
            literals.add(literal.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        literal.appendTail(replaced);
        String code = replaced.toString().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher prefix = PREFIX.matcher(code);
        if (!prefix.find()) {
            return defaults;
        }
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher declaration = INTERFACE.matcher(code);
        String root = null;
        while (declaration.find()) {
            int end = ConfigurationTables.closingBrace(code, declaration.end());
            bodies.put(declaration.group(1), withoutNestedBodies(code.substring(declaration.end(), end)));
            if (root == null && declaration.start() > prefix.start()) {
                root = declaration.group(1);
            }
        }
        if (root != null) {
            collect(literals.get(Integer.parseInt(prefix.group(1))), bodies.get(root), bodies, literals, defaults);
        }
        return defaults;
    }

    private static void collect(String path, String body, Map<String, String> bodies, List<String> literals,
            Map<String, String> defaults) {
        for (String member : body.split(";")) {
            Matcher method = METHOD.matcher(member.replaceAll("@\\w+(\\([^)]*\\))?", " ").strip());
            if (!method.find()) {
                continue;
            }
            Matcher named = NAME.matcher(member);
            String property = path + "." + (named.find() ? literals.get(Integer.parseInt(named.group(1))) : kebab(method.group(2)));
            String type = method.group(1).strip().replaceAll("^Optional<(.*)>$", "$1");
            if (bodies.containsKey(type)) {
                collect(property, bodies.get(type), bodies, literals, defaults);
            }
            Matcher fallback = DEFAULT.matcher(member);
            if (fallback.find()) {
                defaults.put(property, literals.get(Integer.parseInt(fallback.group(1))));
            }
        }
    }

    private static String withoutNestedBodies(String body) {
        StringBuilder flat = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                flat.append(depth == 0 ? ";" : "");
            } else if (depth == 0) {
                flat.append(c);
            }
        }
        return flat.toString();
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
