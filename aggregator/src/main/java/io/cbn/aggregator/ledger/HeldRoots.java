package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Roots of a run that workers hold (RunNotice HELD/RELEASED, docs/design.md "Faults, holds and
 * poison jobs"): per root the reason, since when, and per origin (worker) its latest job count;
 * a root's {@code jobs} is the sum over its origins. RELEASED by an origin drops that origin; the
 * root is listed while any origin still holds it.
 */
public final class HeldRoots {

    /** One held root as shown in summary.json's {@code held}. */
    public record Held(String root, String reason, Instant since, long jobs) {
    }

    private static final class Hold {
        String reason;
        Instant since;
        final TreeMap<String, Long> jobsByOrigin = new TreeMap<>();
    }

    private final TreeMap<String, Hold> roots = new TreeMap<>();

    /** @return whether anything changed */
    public boolean held(String root, String reason, Instant since, long jobs, String origin) {
        Hold hold = roots.computeIfAbsent(root == null ? "" : root, r -> new Hold());
        boolean changed = false;
        if (reason != null && !reason.equals(hold.reason)) {
            hold.reason = reason;
            changed = true;
        }
        if (since != null && (hold.since == null || since.isBefore(hold.since))) {
            hold.since = since;
            changed = true;
        }
        Long before = hold.jobsByOrigin.put(origin == null ? "" : origin, jobs);
        return changed || before == null || before != jobs;
    }

    /** @return whether anything changed */
    public boolean released(String root, String origin) {
        Hold hold = roots.get(root == null ? "" : root);
        if (hold == null || hold.jobsByOrigin.remove(origin == null ? "" : origin) == null) {
            return false;
        }
        if (hold.jobsByOrigin.isEmpty()) {
            roots.remove(root == null ? "" : root);
        }
        return true;
    }

    public List<Held> view() {
        List<Held> list = new ArrayList<>();
        roots.forEach((root, h) -> list.add(new Held(root, h.reason, h.since,
                h.jobsByOrigin.values().stream().mapToLong(Long::longValue).sum())));
        return list;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(roots.size());
        for (Map.Entry<String, Hold> e : roots.entrySet()) {
            Io.str(out, e.getKey());
            Io.str(out, e.getValue().reason);
            Io.instant(out, e.getValue().since);
            Io.counts(out, e.getValue().jobsByOrigin);
        }
    }

    public static HeldRoots read(DataInput in) throws IOException {
        HeldRoots h = new HeldRoots();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Hold hold = new Hold();
            String root = Io.str(in);
            hold.reason = Io.str(in);
            hold.since = Io.instant(in);
            hold.jobsByOrigin.putAll(Io.counts(in));
            h.roots.put(root, hold);
        }
        return h;
    }
}
