package com.fleetfusion.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables the modules read (their application.properties' {@code ${VAR:default}} expressions) set
 * against the READMEs' configuration tables; {@link #problems} names each row or variable that disagrees.
 *
 * <p>A default cell starts with the default: a code span (the value), {@code –} (empty: no value) or {@code required}
 * (no default, the variable must be set); several variables in one row take one value each, separated by {@code ,} or
 * {@code /}; a parenthesised note may follow each value. {@code service: value} segments, separated by {@code ;}, give
 * the default of one service where it differs. Anything else ends the defaults: the rest is prose.
 */
final class ConfigurationTables {

    /** The short names of the root table's "used by" column. */
    static final Map<String, String> SHORT_NAMES = Map.of("gateway", "auth-gateway", "onboarding", "onboarding-service",
            "ingest", "webhook-ingest", "store", "tenant-store", "emulator", "clerk-emulator");

    /**
     * Variables Quarkus itself reads, with no expression in application.properties: QUARKUS_PROFILE's default is
     * Quarkus's {@code prod} of a packaged jar; the table lists it for the services whose production check it steers.
     */
    static final Map<String, String> QUARKUS_OWN = Map.of("QUARKUS_PROFILE", "prod");
    static final List<String> PRODUCTION_CHECKED = List.of("auth-gateway", "onboarding-service", "webhook-ingest",
            "tenant-store");

    private static final String NO_VALUE = "–";
    private static final String REQUIRED = "required";
    static final String PROPERTIES = "src/main/resources/application.properties";
    private static final Pattern CODE_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)([:}])");
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([a-z0-9.\\-\"]+)}");
    private static final Pattern SERVICE_SEGMENT = Pattern.compile("^([a-z]+): (.*)$", Pattern.DOTALL);

    private ConfigurationTables() {
    }

    /** One module's variables and their defaults ({@value #REQUIRED} when it has none, {@value #NO_VALUE} if empty). */
    static Map<String, String> readVariables(String module, String properties, List<String> problems) {
        List<Map.Entry<String, String>> entries = prodEntries(properties);
        Map<String, String> lines = new LinkedHashMap<>();
        entries.forEach(entry -> lines.put(entry.getKey(), entry.getValue()));
        Map<String, String> variables = new TreeMap<>();
        entries.forEach(entry -> {
            String value = entry.getValue();
            Matcher matcher = EXPRESSION.matcher(value);
            while (matcher.find()) {
                String variable = matcher.group(1);
                String fallback = matcher.group(2).equals("}") ? REQUIRED
                        : shown(value.substring(matcher.end(), closingBrace(value, matcher.end())), lines);
                String earlier = variables.putIfAbsent(variable, fallback);
                if (earlier != null && !earlier.equals(fallback)) {
                    problems.add(module + "/" + PROPERTIES + ": " + variable + " has two defaults, "
                            + show(earlier) + " and " + show(fallback) + ": the table cannot state one");
                }
            }
        });
        return variables;
    }

    /**
     * Every disagreement between the code and the tables, one line each.
     *
     * @param rootReadme    README.md
     * @param moduleReadmes the module READMEs by module
     * @param properties    each module's application.properties by module
     */
    static List<String> problems(String rootReadme, Map<String, String> moduleReadmes, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> read = new TreeMap<>();
        properties.forEach((module, text) -> read.put(module, readVariables(module, text, problems)));
        QUARKUS_OWN.forEach((variable, fallback) -> PRODUCTION_CHECKED.stream().filter(read::containsKey)
                .forEach(module -> read.get(module).put(variable, fallback)));

        List<List<String>> main = table(rootReadme, "README.md", List.of("variable", "meaning", "default", "used by"), problems);
        List<List<String>> further = table(rootReadme, "README.md", List.of("service", "variables"), problems);
        Map<String, Set<String>> inMainTable = new TreeMap<>();
        for (List<String> row : main.subList(Math.min(1, main.size()), main.size())) {
            checkRootRow(row, read, inMainTable, problems);
        }
        Map<String, Set<String>> inFurtherTable = new TreeMap<>();
        for (List<String> row : further.subList(Math.min(1, further.size()), further.size())) {
            Matcher link = Pattern.compile("^\\[([a-z-]+)]").matcher(row.get(0));
            String module = link.find() ? link.group(1) : row.get(0);
            if (!read.containsKey(module)) {
                problems.add("README.md further settings, row " + row.get(0) + ": no module of that name");
                continue;
            }
            Set<String> listed = codeVariables(row.get(1));
            inFurtherTable.put(module, listed);
            listed.stream().filter(variable -> !read.get(module).containsKey(variable)).forEach(variable -> problems.add(
                    "README.md further settings, row " + module + ": " + variable + " is not read by " + module));
        }
        read.forEach((module, variables) -> variables.keySet().forEach(variable -> {
            if (!inMainTable.getOrDefault(variable, Set.of()).contains(module)
                    && !inFurtherTable.getOrDefault(module, Set.of()).contains(variable)) {
                problems.add(variable + ", read by " + module + ", is missing from README.md: neither a configuration"
                        + " table row naming " + module + " in \"used by\" nor its further settings row lists it");
            }
        }));
        moduleReadmes.forEach((module, text) -> checkModuleTable(module, text, read.get(module),
                inFurtherTable.getOrDefault(module, Set.of()), problems));
        return problems;
    }

    /**
     * Where a module's application.properties sets a property to {@code ${VAR:default}} and a {@code @ConfigMapping}
     * of the module or of a library it uses declares a {@code @WithDefault} for the same property, the two agree.
     *
     * @param mappings the sources of those mappings, by file name
     */
    static List<String> mappingProblems(String module, String properties, Map<String, String> mappings) {
        List<String> problems = new ArrayList<>();
        Map<String, String> declared = new TreeMap<>();
        Map<String, String> declaredIn = new TreeMap<>();
        mappings.forEach((file, source) -> ConfigMappingDefaults.of(source).forEach((property, fallback) -> {
            declared.put(property, fallback);
            declaredIn.put(property, file);
        }));
        prodEntries(properties).forEach(entry -> {
            String key = entry.getKey();
            String value = entry.getValue();
            Matcher expression = EXPRESSION.matcher(value);
            if (!declared.containsKey(key) || !expression.lookingAt() || expression.group(2).equals("}")
                    || closingBrace(value, expression.end()) != value.length() - 1) {
                return;
            }
            String fallback = value.substring(expression.end(), value.length() - 1);
            if (!fallback.equals(declared.get(key))) {
                problems.add(module + "/" + PROPERTIES + ": " + key + "=" + value + " but " + declaredIn.get(key)
                        + " declares @WithDefault(\"" + declared.get(key) + "\"): two defaults for "
                        + expression.group(1));
            }
        });
        return problems;
    }

    /** The lines a packaged service reads, profile removed: unprofiled and %prod ones (%dev and %test are not its own). */
    private static List<Map.Entry<String, String>> prodEntries(String properties) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String line : properties.replace("\\\n", "").split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!") || equals < 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip();
            if (key.startsWith("%") && !List.of(key.substring(1, key.indexOf('.')).split(",")).contains("prod")) {
                continue;
            }
            entries.add(Map.entry(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key,
                    trimmed.substring(equals + 1).strip()));
        }
        return entries;
    }

    private static void checkRootRow(List<String> row, Map<String, Map<String, String>> read,
            Map<String, Set<String>> inMainTable, List<String> problems) {
        List<String> variables = List.copyOf(codeVariables(row.get(0)));
        String where = "README.md configuration table, row " + row.get(0);
        if (variables.isEmpty()) {
            problems.add(where + ": names no variable");
            return;
        }
        Set<String> usedBy = new TreeSet<>();
        for (String name : row.get(3).replaceAll("\\([^)]*\\)", "").split(",")) {
            String module = SHORT_NAMES.get(name.strip());
            if (module == null) {
                problems.add(where + ": \"used by\" names " + name.strip() + ", none of " + new TreeSet<>(SHORT_NAMES.keySet()));
            } else {
                usedBy.add(module);
            }
        }
        Optional<Defaults> defaults = Defaults.parse(row.get(2), variables.size(), where, problems);
        for (int i = 0; i < variables.size(); i++) {
            String variable = variables.get(i);
            inMainTable.computeIfAbsent(variable, name -> new TreeSet<>()).addAll(usedBy);
            Set<String> readers = new TreeSet<>();
            read.forEach((module, names) -> {
                if (names.containsKey(variable)) {
                    readers.add(module);
                }
            });
            if (readers.isEmpty()) {
                problems.add(where + ": no module reads " + variable);
                continue;
            }
            if (!readers.equals(usedBy)) {
                problems.add(where + ": \"used by\" says " + shortNames(usedBy) + " but " + variable + " is read by "
                        + shortNames(readers));
            }
            if (defaults.isEmpty()) {
                continue;
            }
            for (String module : readers) {
                String shortName = shortName(module);
                Optional<String> documented = defaults.get().forService(shortName, i);
                String code = read.get(module).get(variable);
                if (documented.isEmpty()) {
                    problems.add(where + ": no default of " + variable + " for " + shortName + "; the code's is " + show(code));
                } else if (!documented.get().equals(code)) {
                    problems.add(where + ": default of " + variable + " for " + shortName + " is " + show(documented.get())
                            + " in the table but " + show(code) + " in " + module + "/" + PROPERTIES);
                }
            }
            defaults.get().services().stream().filter(name -> !usedBy.contains(SHORT_NAMES.get(name))).forEach(name ->
                    problems.add(where + ": a default for " + name + ", which is not in \"used by\""));
        }
    }

    private static void checkModuleTable(String module, String readme, Map<String, String> read, Set<String> further,
            List<String> problems) {
        String file = module + "/README.md";
        int section = readme.indexOf("\n## Configuration");
        List<List<String>> rows = section < 0 ? List.of() : firstTable(readme.substring(section));
        if (rows.isEmpty() || !rows.get(0).get(0).startsWith("variable") || !rows.get(0).contains("default")) {
            problems.add(file + ": no configuration table (a \"variable ... | default\" table under ## Configuration)");
            return;
        }
        int defaultColumn = rows.get(0).indexOf("default");
        Set<String> listed = new TreeSet<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            List<String> variables = List.copyOf(codeVariables(row.get(0)));
            String where = file + " configuration table, row " + row.get(0);
            listed.addAll(variables);
            if (variables.isEmpty()) {
                continue; // a property-only row (clerk.clock-skew, ...): not an environment variable of the code's
            }
            Optional<Defaults> defaults = Defaults.parse(row.get(defaultColumn), variables.size(), where, problems);
            for (int i = 0; i < variables.size(); i++) {
                String variable = variables.get(i);
                if (!read.containsKey(variable)) {
                    problems.add(where + ": " + module + " does not read " + variable);
                    continue;
                }
                int index = i;
                Optional<String> documented = defaults.flatMap(found -> found.forService(shortName(module), index));
                if (defaults.isPresent() && documented.isEmpty()) {
                    problems.add(where + ": no default of " + variable + "; the code's is " + show(read.get(variable)));
                } else if (documented.isPresent() && !documented.get().equals(read.get(variable))) {
                    problems.add(where + ": default of " + variable + " is " + show(documented.get()) + " in the table but "
                            + show(read.get(variable)) + " in " + module + "/" + PROPERTIES);
                }
            }
        }
        further.stream().filter(variable -> !listed.contains(variable)).forEach(variable -> problems.add(file
                + " configuration table lacks " + variable + ", which README.md's further settings say it describes"));
    }

    /** A default cell, parsed. */
    private record Defaults(List<String> general, Map<String, List<String>> perService) {

        Set<String> services() {
            return perService.keySet();
        }

        Optional<String> forService(String shortName, int index) {
            List<String> values = perService.getOrDefault(shortName, general);
            if (values.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(values.size() == 1 ? values.get(0) : values.get(index));
        }

        static Optional<Defaults> parse(String cell, int variables, String where, List<String> problems) {
            List<String> general = List.of();
            Map<String, List<String>> perService = new LinkedHashMap<>();
            for (String segment : topLevel(cell, ';')) {
                Matcher service = SERVICE_SEGMENT.matcher(segment);
                String text = service.matches() ? service.group(2) : segment;
                List<String> values = values(text);
                if (values.isEmpty()) {
                    break;
                }
                if (values.size() != 1 && values.size() != variables) {
                    problems.add(where + ": " + values.size() + " defaults for " + variables + " variables in \"" + segment
                            + "\"");
                    return Optional.empty();
                }
                if (!service.matches()) {
                    if (!general.isEmpty() || !perService.isEmpty()) {
                        break;
                    }
                    general = values;
                } else if (!SHORT_NAMES.containsKey(service.group(1))) {
                    problems.add(where + ": \"" + service.group(1) + ":\" is none of " + new TreeSet<>(SHORT_NAMES.keySet()));
                    return Optional.empty();
                } else {
                    perService.put(service.group(1), values);
                }
            }
            if (general.isEmpty() && perService.isEmpty()) {
                problems.add(where + ": the default cell does not start with a default (a `value`, – or required): \""
                        + cell + "\"");
                return Optional.empty();
            }
            return Optional.of(new Defaults(general, perService));
        }

        /** The leading values of a segment: `value`, – or required, each optionally followed by a (note). */
        private static List<String> values(String text) {
            List<String> values = new ArrayList<>();
            int at = 0;
            while (true) {
                at = skipSpaces(text, at);
                if (text.startsWith("`", at)) {
                    int end = text.indexOf('`', at + 1);
                    if (end < 0) {
                        return values;
                    }
                    values.add(text.substring(at + 1, end));
                    at = end + 1;
                } else if (text.startsWith(NO_VALUE, at) || text.startsWith("—", at)) {
                    values.add(NO_VALUE);
                    at += 1;
                } else if (text.startsWith(REQUIRED, at)) {
                    values.add(REQUIRED);
                    at += REQUIRED.length();
                } else {
                    return values;
                }
                at = skipSpaces(text, at);
                if (text.startsWith("(", at)) {
                    at = closing(text, at, '(', ')') + 1;
                    at = skipSpaces(text, at);
                }
                if (!(text.startsWith(",", at) || text.startsWith("/", at))) {
                    return values;
                }
                at++;
            }
        }
    }

    /** The table whose header row is {@code header}, rows as trimmed cells (header first). */
    static List<List<String>> table(String markdown, String file, List<String> header, List<String> problems) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (rows.isEmpty() && !cells.equals(header)) {
                    continue;
                }
                if (!cells.stream().allMatch(cell -> cell.matches("-+"))) {
                    rows.add(cells);
                }
            } else if (!rows.isEmpty()) {
                return rows;
            }
        }
        if (rows.isEmpty()) {
            problems.add(file + ": no table with the header | " + String.join(" | ", header) + " |");
        }
        return rows;
    }

    private static List<List<String>> firstTable(String markdown) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (!cells.stream().allMatch(cell -> cell.matches("-+"))) {
                    rows.add(cells);
                }
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.strip().substring(1).split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        cells.remove(cells.size() - 1);
        return cells;
    }

    private static Set<String> codeVariables(String cell) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = CODE_VARIABLE.matcher(cell);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** A default as the table writes it: a reference to a property that is one variable's expression shows as that variable. */
    private static String shown(String fallback, Map<String, String> lines) {
        if (fallback.isEmpty()) {
            return NO_VALUE;
        }
        Matcher reference = PROPERTY_REFERENCE.matcher(fallback);
        if (reference.matches() && lines.containsKey(reference.group(1))) {
            Matcher expression = EXPRESSION.matcher(lines.get(reference.group(1)));
            if (expression.lookingAt() && closingBrace(lines.get(reference.group(1)), expression.end())
                    == lines.get(reference.group(1)).length() - 1) {
                return expression.group(1);
            }
        }
        return fallback;
    }

    /** The index of the brace closing a block (an expression, a body) whose text starts at {@code from}. */
    static int closingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            if (value.charAt(i) == '{') {
                depth++;
            } else if (value.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return value.length();
    }

    /** The index of the bracket closing the one at {@code open} (nesting counted), or the end of the text. */
    private static int closing(String text, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == opening) {
                depth++;
            } else if (text.charAt(i) == closing && --depth <= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static List<String> topLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean code = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                code = !code;
            } else if (!code && c == '(') {
                depth++;
            } else if (!code && c == ')') {
                depth--;
            } else if (!code && depth == 0 && c == separator) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
        return at;
    }

    private static String shortName(String module) {
        return SHORT_NAMES.entrySet().stream().filter(entry -> entry.getValue().equals(module)).map(Map.Entry::getKey)
                .findFirst().orElse(module);
    }

    private static String shortNames(Set<String> modules) {
        return modules.stream().map(ConfigurationTables::shortName).toList().toString();
    }

    private static String show(String value) {
        return value.equals(NO_VALUE) || value.equals(REQUIRED) ? value : "`" + value + "`";
    }
}
