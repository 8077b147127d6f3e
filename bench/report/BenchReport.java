import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes the Markdown report and PNG plots of bench/report.sh from the benchmarks' machine-readable RESULT lines
 * (bench/bench-lib.sh): {@code RESULT bench=<bench> run=<id> key=value ...}.
 *
 * <p>Usage (source-file mode, JFreeChart on the class path):
 * {@code java -cp jfreechart.jar BenchReport.java <results file> <output dir> <date> <command> <machine> <settings>}
 */
public final class BenchReport {

    /** Display names of the runs, in the order of the tables and plots. */
    private static final Map<String, String> GATEWAY_RUNS = ordered(
            "suite", "auth-gateway",
            "node-clerk", "Node + Clerk verifyToken + proxy",
            "node-jose", "Node + jose + proxy",
            "reference", "reference: bare Vert.x proxy, no auth",
            "direct", "reference: direct to the upstream");
    private static final Map<String, String> INGEST_RUNS = ordered(
            "suite", "webhook-ingest",
            "node-svix", "Node + svix + kafkajs (acks=-1)",
            "generator", "reference: webhook-ingest, Java generator",
            "baseline", "reference: no-op endpoint, Java generator");
    private static final List<String> PEERS = List.of("node-clerk", "node-jose", "node-svix");

    private final List<Map<String, String>> results = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        BenchReport report = new BenchReport();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("FAILED bench=")) {
                report.failed.add(line.substring(13).trim());
            }
            if (line.startsWith("RESULT ")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String pair : line.substring(7).trim().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                report.results.add(fields);
            }
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.md"), report.markdown(out, args[2], args[3], args[4], args[5]));
    }

    private String markdown(Path out, String date, String command, String machine, String settings) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# FleetFusion benchmark report\n\n");
        md.append("- date: ").append(date).append('\n');
        md.append("- command: `").append(command).append("`\n");
        md.append("- machine: ").append(machine).append('\n');
        md.append("- settings: ").append(settings).append('\n');
        for (String bench : failed) {
            md.append("- **").append(bench).append(" failed** in this run: no figures; see ").append(bench).append(".log\n");
        }
        md.append('\n');
        md.append("Load: wrk for the suite and its peers alike, in the same run; CPU is user + system time of the process ")
                .append("under test (and its children) over the measured window from /proc/<pid>/stat, per 2xx answer; ")
                .append("RSS is its peak (VmHWM). The references (no-op endpoint, bare proxy, direct) are for orientation.\n\n");

        md.append("## Suite against peers\n\n");
        md.append("| path | this suite | peer | throughput suite/peer | CPU µs per request (suite / peer) | RSS MB at peak (suite / peer) |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        summary(md, "auth-gateway", "verify an RS256 v2 session token, confine the org, proxy", GATEWAY_RUNS);
        summary(md, "webhook-ingest", "verify a Svix webhook, publish to Kafka (acks=all), answer after the ack", INGEST_RUNS);
        md.append('\n');

        section(md, out, "auth-gateway", "auth-gateway: verify, confine the org, proxy (requests/s)", GATEWAY_RUNS);
        section(md, out, "webhook-ingest", "webhook-ingest: verify, publish with acks=all (deliveries/s)", INGEST_RUNS);

        md.append("## CPU and memory\n\n");
        DefaultCategoryDataset cpu = new DefaultCategoryDataset();
        DefaultCategoryDataset rss = new DefaultCategoryDataset();
        for (var bench : List.of(Map.entry("auth-gateway", GATEWAY_RUNS), Map.entry("webhook-ingest", INGEST_RUNS))) {
            for (var run : bench.getValue().entrySet()) {
                if (!run.getKey().equals("suite") && !PEERS.contains(run.getKey())) {
                    continue;
                }
                find(bench.getKey(), run.getKey()).ifPresent(r -> {
                    String label = run.getKey().equals("suite") ? bench.getKey() : bench.getKey() + " peer: " + run.getValue();
                    cpu.addValue(number(r.get("cpu_us")), "µs per request", label);
                    rss.addValue(number(r.get("rss_mb")), "MiB", label);
                });
            }
        }
        chart(out, "cpu-per-request.png", "CPU µs per request of the process under test (lower is better)", "µs", cpu);
        chart(out, "rss.png", "Peak RSS of the process under test, MiB", "MiB", rss);
        md.append("![CPU per request](cpu-per-request.png)\n\n![RSS](rss.png)\n\n");

        find("tenant-store", "suite").ifPresent(r -> {
            md.append("## tenant-store: events applied per second\n\n");
            md.append("| run | events/s | RSS MB after the run |\n| --- | --- | --- |\n");
            md.append("| tenant-store (batched, synchronous_commit=on) | ").append(r.get("rate")).append(" | ")
                    .append(r.getOrDefault("rss_mb", "-")).append(" |\n");
            md.append("| baseline: one transaction per event | ").append(r.get("baseline_rate")).append(" | - |\n");
            md.append("\nratio: ").append(fmt(number(r.get("rate")) / number(r.get("baseline_rate")))).append("x")
                    .append(r.containsKey("events") ? " (" + r.get("events") + " events measured)" : "").append("\n\n");
            DefaultCategoryDataset ts = new DefaultCategoryDataset();
            ts.addValue(number(r.get("rate")), "events/s", "tenant-store");
            ts.addValue(number(r.get("baseline_rate")), "events/s", "one transaction per event");
            chart(out, "tenant-store.png", "tenant-store: events applied per second", "events/s", ts);
            md.append("![tenant-store](tenant-store.png)\n\n");
        });

        List<Map<String, String>> startups = results.stream().filter(r -> "startup".equals(r.get("bench"))).toList();
        if (!startups.isEmpty()) {
            md.append("## Start-up: process launch to ready (health endpoint answering)\n\n| service | ms |\n| --- | --- |\n");
            startups.forEach(r -> md.append("| ").append(r.get("run")).append(" | ").append(r.get("ms")).append(" |\n"));
            md.append('\n');
        }
        return md.toString();
    }

    private void summary(StringBuilder md, String bench, String path, Map<String, String> runs) {
        Optional<Map<String, String>> suite = find(bench, "suite");
        if (suite.isEmpty()) {
            return;
        }
        List<String> peers = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        List<String> cpus = new ArrayList<>(List.of(suite.get().get("cpu_us")));
        List<String> rss = new ArrayList<>(List.of(suite.get().get("rss_mb")));
        for (String peer : PEERS) {
            find(bench, peer).ifPresent(p -> {
                peers.add(runs.get(peer) + ": " + p.get("rps"));
                ratios.add(fmt(number(suite.get().get("rps")) / number(p.get("rps"))) + "x");
                cpus.add(p.get("cpu_us"));
                rss.add(p.get("rss_mb"));
            });
        }
        md.append("| ").append(path).append(" | ").append(bench).append(' ').append(suite.get().get("rps")).append("/s | ")
                .append(peers.isEmpty() ? "-" : String.join("; ", peers)).append(" | ")
                .append(ratios.isEmpty() ? "-" : String.join(" / ", ratios)).append(" | ")
                .append(String.join(" / ", cpus)).append(" | ").append(String.join(" / ", rss)).append(" |\n");
    }

    private void section(StringBuilder md, Path out, String bench, String title, Map<String, String> runs) throws IOException {
        if (find(bench, "suite").isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        md.append("| run | per second | p50 ms | p99 ms | CPU µs/req | RSS MB peak | suite/run throughput |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        double suiteRps = number(find(bench, "suite").get().get("rps"));
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (var run : runs.entrySet()) {
            Optional<Map<String, String>> found = find(bench, run.getKey());
            if (found.isEmpty()) {
                continue;
            }
            Map<String, String> r = found.get();
            md.append("| ").append(run.getValue()).append(" | ").append(r.get("rps")).append(" | ")
                    .append(r.getOrDefault("p50_ms", "-")).append(" | ").append(r.getOrDefault("p99_ms", "-")).append(" | ")
                    .append(r.getOrDefault("cpu_us", "-")).append(" | ").append(r.getOrDefault("rss_mb", "-")).append(" | ")
                    .append(fmt(suiteRps / number(r.get("rps")))).append("x |\n");
            throughput.addValue(number(r.get("rps")), "per second", run.getValue());
            latency.addValue(number(r.get("p50_ms")), "p50", run.getValue());
            latency.addValue(number(r.get("p99_ms")), "p99", run.getValue());
        }
        md.append('\n');
        chart(out, bench + "-throughput.png", title, "per second", throughput);
        chart(out, bench + "-latency.png", bench + ": latency (lower is better)", "ms", latency);
        md.append("![").append(bench).append(" throughput](").append(bench).append("-throughput.png)\n\n");
        md.append("![").append(bench).append(" latency](").append(bench).append("-latency.png)\n\n");
    }

    private Optional<Map<String, String>> find(String bench, String run) {
        // the last result of a run counts (a report run measures each once)
        Map<String, String> last = null;
        for (Map<String, String> r : results) {
            if (bench.equals(r.get("bench")) && run.equals(r.get("run"))) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }

    private static void chart(Path out, String file, String title, String axis, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart(title, null, axis, data, PlotOrientation.HORIZONTAL,
                data.getRowCount() > 1, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x2f6fb3));
        renderer.setSeriesPaint(1, new Color(0xe07b39));
        renderer.setSeriesPaint(2, new Color(0x6aa84f));
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("#,##0.#")));
        renderer.setDefaultItemLabelsVisible(true);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.4f);
        plot.getRangeAxis().setUpperMargin(0.12);
        try {
            ChartUtils.saveChartAsPNG(out.resolve(file).toFile(), chart, 900, 120 + 45 * data.getColumnCount() * Math.max(1, data.getRowCount()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double number(String value) {
        try {
            return value == null ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
