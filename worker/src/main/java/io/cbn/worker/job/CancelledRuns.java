package io.cbn.worker.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The runs cancelled with {@code cbn cancel} that this worker has read from cbn.runs (RunNotice CANCEL), bounded:
 * beyond {@code capacity} the runs cancelled longest ago are forgotten (their jobs are long gone from the queue).
 * Every later job of a cancelled run ends FAILED {@code CANCELLED} without being converted (docs/design.md, Outcomes).
 */
public final class CancelledRuns {

    private final Set<String> runs;

    public CancelledRuns(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.runs = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    public void cancel(String runId) {
        runs.add(runId);
    }

    public boolean isCancelled(String runId) {
        return runs.contains(runId);
    }

    public int size() {
        return runs.size();
    }
}
