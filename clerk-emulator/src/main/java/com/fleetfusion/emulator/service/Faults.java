package com.fleetfusion.emulator.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.emulator.model.FaultRequest;

/** Faults armed through the control API: the next N calls of an operation fail (or hang) as told. */
@ApplicationScoped
public class Faults {

    public static final Set<Integer> STATUSES = Set.of(429, 500, 503);

    /** A fault as armed; {@code remaining} counts down as calls consume it. */
    public record Fault(String operation, Integer status, Long hangMs, int count, long retryAfterSeconds,
            int remaining) {
    }

    private final List<Fault> armed = new ArrayList<>();

    public synchronized Fault arm(FaultRequest request, Set<String> knownOperations) {
        if (request.operation() == null || !knownOperations.contains(request.operation())) {
            throw new ControlApiException("operation must be one of the Backend API operationIds the emulator"
                    + " serves: " + new java.util.TreeSet<>(knownOperations));
        }
        boolean hang = request.hangMs() != null;
        if (hang == (request.status() != null)) {
            throw new ControlApiException("give either status (429, 500, 503) or hang_ms");
        }
        if (!hang && !STATUSES.contains(request.status())) {
            throw new ControlApiException("status must be 429, 500 or 503");
        }
        if (hang && request.hangMs() <= 0) {
            throw new ControlApiException("hang_ms must be positive");
        }
        int count = request.count() == null ? 1 : request.count();
        if (count < 1) {
            throw new ControlApiException("count must be at least 1");
        }
        long retryAfter = request.retryAfterSeconds() == null ? 1 : request.retryAfterSeconds();
        Fault fault = new Fault(request.operation(), request.status(), request.hangMs(), count, retryAfter, count);
        armed.add(fault);
        return fault;
    }

    /** Consumes one call of the first fault armed for the operation, if any. */
    public synchronized Optional<Fault> take(String operation) {
        Iterator<Fault> it = armed.iterator();
        int index = 0;
        while (it.hasNext()) {
            Fault fault = it.next();
            if (fault.operation().equals(operation)) {
                if (fault.remaining() <= 1) {
                    it.remove();
                } else {
                    armed.set(index, new Fault(fault.operation(), fault.status(), fault.hangMs(), fault.count(),
                            fault.retryAfterSeconds(), fault.remaining() - 1));
                }
                return Optional.of(fault);
            }
            index++;
        }
        return Optional.empty();
    }

    public synchronized List<Fault> list() {
        return List.copyOf(armed);
    }

    public synchronized void reset() {
        armed.clear();
    }
}
