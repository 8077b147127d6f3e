package com.fleetfusion.faults;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run's report under its output directory: {@code README.md} (the verdict, the figures, the faults with their
 * recovery times, memory and CPU of every process), {@code timeline.csv} (one line a second), and PNG plots of
 * throughput, latency percentiles, consumer lag, RSS and CPU over time, each fault shaded and numbered.
 */
final class FaultsReport {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;

    static {
        // plots are drawn off-screen: build machines have no display
        System.setProperty("java.awt.headless", "true");
    }

    private FaultsReport() {
    }

    static void write(FaultRun.Options options, Instant started, Timeline timeline, RowLatency.Result latency,
            FaultRun.Result result) throws IOException {
        Path out = options.out();
        int last = timeline.lastSecond();
        List<Timeline.Sample> samples = timeline.samples();
        List<Timeline.Fault> faults = timeline.faults();
        long[] applied = appliedPerSecond(samples, last);

        XYSeries accepted = new XYSeries("accepted (2xx)/s");
        XYSeries appliedSeries = new XYSeries("applied (committed)/s");
        XYSeries rejected = new XYSeries("503/s");
        XYSeries failed = new XYSeries("other failures/s");
        XYSeries retries = new XYSeries("Svix retries/s");
        for (int s = 0; s <= last; s++) {
            accepted.add(s, timeline.get(Timeline.Counter.ACCEPTED, s));
            appliedSeries.add(s, applied[s]);
            rejected.add(s, timeline.get(Timeline.Counter.REJECTED_503, s));
            failed.add(s, timeline.get(Timeline.Counter.FAILED_OTHER, s));
            retries.add(s, timeline.get(Timeline.Counter.RETRIES, s));
        }
        plot(out.resolve("throughput.png"), "Throughput", "events/s", faults, accepted, appliedSeries, rejected, failed,
                retries);

        XYSeries p50 = new XYSeries("p50");
        XYSeries p95 = new XYSeries("p95");
        XYSeries p99 = new XYSeries("p99");
        XYSeries max = new XYSeries("max");
        latency.bySecond().forEach((second, sorted) -> {
            p50.add((double) second, RowLatency.Result.percentile(sorted, 0.50));
            p95.add((double) second, RowLatency.Result.percentile(sorted, 0.95));
            p99.add((double) second, RowLatency.Result.percentile(sorted, 0.99));
            max.add((double) second, sorted[sorted.length - 1]);
        });
        plot(out.resolve("latency.png"), "Webhook-to-row latency (ingested-at to the applying transaction)", "ms",
                faults, p50, p95, p99, max);

        XYSeries lag = new XYSeries("tenant-store lag (records)");
        samples.stream().filter(s -> s.lag() >= 0).forEach(s -> lag.add(s.second(), s.lag()));
        plot(out.resolve("lag.png"), "Consumer lag of group tenant-store on clerk.events", "records", faults, lag);

        Map<String, XYSeries> rss = new LinkedHashMap<>();
        Map<String, XYSeries> cpu = new LinkedHashMap<>();
        for (Timeline.Sample sample : samples) {
            sample.rssKib().forEach((name, kib) -> rss.computeIfAbsent(name, XYSeries::new)
                    .add(sample.second(), kib / 1024.0));
            sample.cpuPercent().forEach((name, percent) -> cpu.computeIfAbsent(name, XYSeries::new)
                    .add(sample.second(), percent));
        }
        plot(out.resolve("rss.png"), "Resident memory per process (0 while down)", "MiB", faults,
                rss.values().toArray(XYSeries[]::new));
        plot(out.resolve("cpu.png"), "CPU per process (100 = one core)", "%", faults,
                cpu.values().toArray(XYSeries[]::new));

        writeCsv(out.resolve("timeline.csv"), timeline, samples, applied, latency, last);
        Files.writeString(out.resolve("README.md"), markdown(options, started, timeline, samples, faults, latency,
                result, applied, last));
        System.out.println("report: " + out.resolve("README.md").toAbsolutePath());
    }

    /** Records committed by tenant-store in each second (the difference of the summed committed offsets). */
    private static long[] appliedPerSecond(List<Timeline.Sample> samples, int last) {
        long[] applied = new long[last + 1];
        long previous = -1;
        for (Timeline.Sample sample : samples) {
            if (sample.committed() < 0 || sample.second() > last) {
                continue;
            }
            if (previous >= 0 && sample.committed() >= previous) {
                applied[sample.second()] += sample.committed() - previous;
            }
            previous = sample.committed();
        }
        return applied;
    }

    private static void plot(Path file, String title, String unit, List<Timeline.Fault> faults, XYSeries... series)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds since the load started", unit, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int i = 0; i < series.length; i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(1.4f));
        }
        for (int i = 0; i < faults.size(); i++) {
            Timeline.Fault fault = faults.get(i);
            IntervalMarker marker = new IntervalMarker(fault.from(), Math.max(fault.to(), fault.from() + 0.5));
            marker.setPaint(new Color(255, 120, 0, 40));
            marker.setOutlinePaint(new Color(255, 120, 0, 120));
            marker.setLabel("F" + (i + 1));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, org.jfree.chart.ui.Layer.BACKGROUND);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static void writeCsv(Path file, Timeline timeline, List<Timeline.Sample> samples, long[] applied,
            RowLatency.Result latency, int last) throws IOException {
        Map<Integer, Timeline.Sample> bySecond = new TreeMap<>();
        samples.forEach(s -> bySecond.put(s.second(), s));
        List<String> processes = samples.isEmpty() ? List.of() : List.copyOf(samples.get(0).rssKib().keySet());
        StringBuilder csv = new StringBuilder("second,accepted,applied,rejected_503,failed_other,retries,duplicates,"
                + "onboarded,onboarding_failed,lag,p50_ms,p95_ms,p99_ms,max_ms");
        processes.forEach(p -> csv.append(",rss_mib_").append(p).append(",cpu_pct_").append(p));
        csv.append('\n');
        for (int s = 0; s <= last; s++) {
            Timeline.Sample sample = bySecond.get(s);
            long[] sorted = latency.bySecond().getOrDefault(s, new long[0]);
            csv.append(s).append(',').append(timeline.get(Timeline.Counter.ACCEPTED, s)).append(',').append(applied[s])
                    .append(',').append(timeline.get(Timeline.Counter.REJECTED_503, s))
                    .append(',').append(timeline.get(Timeline.Counter.FAILED_OTHER, s))
                    .append(',').append(timeline.get(Timeline.Counter.RETRIES, s))
                    .append(',').append(timeline.get(Timeline.Counter.DUPLICATES, s))
                    .append(',').append(timeline.get(Timeline.Counter.ONBOARDED, s))
                    .append(',').append(timeline.get(Timeline.Counter.ONBOARDING_FAILED, s))
                    .append(',').append(sample == null ? "" : sample.lag())
                    .append(',').append(sorted.length == 0 ? "" : RowLatency.Result.percentile(sorted, 0.50))
                    .append(',').append(sorted.length == 0 ? "" : RowLatency.Result.percentile(sorted, 0.95))
                    .append(',').append(sorted.length == 0 ? "" : RowLatency.Result.percentile(sorted, 0.99))
                    .append(',').append(sorted.length == 0 ? "" : sorted[sorted.length - 1]);
            for (String p : processes) {
                csv.append(',').append(sample == null ? "" : sample.rssKib().getOrDefault(p, 0L) / 1024)
                        .append(',').append(sample == null ? ""
                                : String.format(Locale.ROOT, "%.1f", sample.cpuPercent().getOrDefault(p, 0.0)));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    /**
     * Seconds from a fault's start until the pipeline is well again: the first second after the fault ended with no
     * refused or failed delivery and a lag below one second's worth of events. -1: not within the run.
     */
    static double recovery(Timeline.Fault fault, Timeline timeline, Map<Integer, Timeline.Sample> samples, int rate,
            int last) {
        for (int s = (int) Math.ceil(fault.to()); s <= last; s++) {
            Timeline.Sample sample = samples.get(s);
            boolean calm = timeline.get(Timeline.Counter.REJECTED_503, s) == 0
                    && timeline.get(Timeline.Counter.FAILED_OTHER, s) == 0;
            if (calm && sample != null && sample.lag() >= 0 && sample.lag() <= rate) {
                return Math.max(0, s - fault.from());
            }
        }
        return -1;
    }

    private static String markdown(FaultRun.Options options, Instant started, Timeline timeline,
            List<Timeline.Sample> samples, List<Timeline.Fault> faults, RowLatency.Result latency,
            FaultRun.Result result, long[] applied, int last) {
        Map<Integer, Timeline.Sample> bySecond = new TreeMap<>();
        samples.forEach(s -> bySecond.put(s.second(), s));
        long[] all = latency.all();
        StringBuilder md = new StringBuilder();
        md.append("# Faults under load at scale-out: ").append(result.passed() ? "PASSED" : "FAILED").append("\n\n");
        md.append("Run started ").append(started).append(", `--duration ").append(options.duration())
                .append(" --rate ").append(options.rate()).append(" --cycle ").append(options.cycle())
                .append("`: 3 Kafka brokers (clerk.events 6 partitions, RF 3, min.insync.replicas 2), PostgreSQL, "
                        + "clerk-emulator, 2 webhook-ingest, 2 tenant-store (group tenant-store), 1 onboarding-service, "
                        + "each its own process on a 2-core machine.\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        result.errors().forEach(e -> md.append("**Error**: ").append(e).append("\n\n"));
        row(md, "messages sent (distinct svix-ids)", result.sent());
        row(md, "answered 2xx (the model's input)", result.acknowledged());
        row(md, "never answered 2xx by the end of the drain", result.pendingAtEnd());
        row(md, "rows expected by the model", result.tables().expectedRows());
        row(md, "**lost** (acknowledged, missing or older in the tables)", result.tables().lost());
        row(md, "**wrongly applied** (differs otherwise, or not in the model)", result.tables().wronglyApplied());
        row(md, "dead-lettered (none meant)", result.deadLettered());
        row(md, "2xx answers (with Svix's duplicates and retries)", timeline.total(Timeline.Counter.ACCEPTED));
        row(md, "503 answers", timeline.total(Timeline.Counter.REJECTED_503));
        row(md, "other failures (other statuses, timeouts, refused connections)",
                timeline.total(Timeline.Counter.FAILED_OTHER));
        row(md, "Svix retries", timeline.total(Timeline.Counter.RETRIES));
        row(md, "Svix duplicate deliveries", timeline.total(Timeline.Counter.DUPLICATES));
        row(md, "onboardings by status", result.onboardingStatuses());
        row(md, "onboardings 201 without org or admin row", result.onboardingProblems().size());
        row(md, "organizations half-created in Clerk", result.halfCreated().size());
        row(md, "latency p50 / p95 / p99 / max (ms)", RowLatency.Result.percentile(all, 0.5) + " / "
                + RowLatency.Result.percentile(all, 0.95) + " / " + RowLatency.Result.percentile(all, 0.99) + " / "
                + (all.length == 0 ? 0 : all[all.length - 1]));
        long peakApplied = 0;
        for (long a : applied) {
            peakApplied = Math.max(peakApplied, a);
        }
        row(md, "peak applied/s", peakApplied);
        row(md, "max consumer lag (records)", samples.stream().mapToLong(Timeline.Sample::lag).max().orElse(0));
        md.append('\n');
        if (!result.tables().examples().isEmpty() || !result.onboardingProblems().isEmpty()
                || !result.halfCreated().isEmpty()) {
            md.append("## Differences\n\n");
            result.tables().examples().forEach(e -> md.append("- ").append(e).append('\n'));
            result.onboardingProblems().forEach(e -> md.append("- onboarding ").append(e).append('\n'));
            result.halfCreated().forEach(e -> md.append("- half-created ").append(e).append('\n'));
            md.append('\n');
        }
        md.append("## Faults\n\n| # | fault | from (s) | to (s) | recovered after (s) |\n| --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < faults.size(); i++) {
            Timeline.Fault fault = faults.get(i);
            double recovery = recovery(fault, timeline, bySecond, options.rate(), last);
            md.append(String.format(Locale.ROOT, "| F%d | %s | %.1f | %.1f | %s |%n", i + 1,
                    fault.name() + (fault.error() == null ? "" : " (FAILED: " + fault.error() + ")"), fault.from(),
                    fault.to(), recovery < 0 ? "not within the run" : String.format(Locale.ROOT, "%.0f", recovery)));
        }
        md.append("\nRecovered: the first second after the fault ended with no refused or failed delivery and a lag "
                + "below one second's worth of events, counted from the fault's start.\n\n");
        md.append("## Processes\n\n| process | RSS first (MiB) | RSS last (MiB) | RSS max (MiB) | CPU mean (%) |\n"
                + "| --- | --- | --- | --- | --- |\n");
        if (!samples.isEmpty()) {
            for (String name : samples.get(0).rssKib().keySet()) {
                List<Long> rss = new ArrayList<>();
                double cpu = 0;
                for (Timeline.Sample s : samples) {
                    long kib = s.rssKib().getOrDefault(name, 0L);
                    if (kib > 0) {
                        rss.add(kib / 1024);
                    }
                    cpu += s.cpuPercent().getOrDefault(name, 0.0);
                }
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f |%n", name,
                        rss.isEmpty() ? 0 : rss.get(0), rss.isEmpty() ? 0 : rss.get(rss.size() - 1),
                        rss.stream().mapToLong(Long::longValue).max().orElse(0), cpu / samples.size()));
            }
        }
        md.append("\nPostgres: the postmaster process only (its backends are separate processes).\n\n");
        md.append("## Plots (faults shaded, F1... as in the table)\n\n");
        for (String png : List.of("throughput", "latency", "lag", "rss", "cpu")) {
            md.append("![").append(png).append("](").append(png).append(".png)\n\n");
        }
        md.append("Every second's figures: [timeline.csv](timeline.csv).\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Object value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
