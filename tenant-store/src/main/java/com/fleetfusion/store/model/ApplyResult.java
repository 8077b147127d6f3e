package com.fleetfusion.store.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The outcome of each event of a batch, in the order given. */
public record ApplyResult(List<Outcome> outcomes) {

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
        return counts;
    }

    public int count(Outcome outcome) {
        return counts().getOrDefault(outcome, 0);
    }
}
