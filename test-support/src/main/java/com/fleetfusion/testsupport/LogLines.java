package com.fleetfusion.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures every log line of the JVM (the root logger, all levels that are logged) while open, formatted as the
 * console would show the message, with the thrown exception's text: for tests asserting that a secret or private
 * data appears in no log line.
 *
 * <pre>{@code
 * try (LogLines logs = LogLines.capture()) {
 *     ...
 *     assertThat(logs.lines()).noneMatch(line -> line.contains(marker));
 * }
 * }</pre>
 */
public final class LogLines implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            lines.add(record.getLoggerName() + " " + message
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogLines() {
        Logger.getLogger("").addHandler(handler);
    }

    public static LogLines capture() {
        return new LogLines();
    }

    /** The lines logged since {@link #capture()}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
