package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * De-duplication and counts of one run: the jobIds already counted (as 128-bit hashes, see
 * {@link Hash128Set}), the outcome counts, reasons and workers. The first terminal result of a job
 * is counted, later ones only in {@code duplicatesIgnored}. Plain Java, not thread-safe (the
 * {@link RunLedger} locks).
 */
public final class Tally {

    private Hash128Set jobs = new Hash128Set();
    private long created;
    private long rejected;
    private long failed;
    private long reused;
    private long duplicatesIgnored;
    private TreeMap<String, Long> rejectedByReason = new TreeMap<>();
    private TreeMap<String, Long> failedByReason = new TreeMap<>();
    /** worker id -> build -> counted items. */
    private final TreeMap<String, TreeMap<String, Long>> workers = new TreeMap<>();

    /** Records the job as counted; false (and one more duplicate) if it was counted before. */
    public boolean firstResult(long[] jobHash) {
        if (jobs.add(jobHash[0], jobHash[1])) {
            return true;
        }
        duplicatesIgnored++;
        return false;
    }

    public void count(ItemRecord item) {
        switch (item.outcome()) {
            case CREATED -> {
                created++;
                if (item.reused()) {
                    reused++;
                }
            }
            case REJECTED -> {
                rejected++;
                rejectedByReason.merge(item.reason(), 1L, Long::sum);
            }
            case FAILED -> {
                failed++;
                failedByReason.merge(item.reason(), 1L, Long::sum);
            }
        }
        workers.computeIfAbsent(item.workerId(), id -> new TreeMap<>()).merge(item.workerBuild(), 1L, Long::sum);
    }

    /** Jobs with a counted result. */
    public long processed() {
        return jobs.size();
    }

    public RunSummary.Counts view() {
        List<WorkerTally> tallies = new ArrayList<>();
        workers.forEach((id, builds) -> builds.forEach((build, n) -> tallies.add(new WorkerTally(id, build, n))));
        return new RunSummary.Counts(processed(), created, rejected, failed, reused, duplicatesIgnored,
                rejectedByReason, failedByReason, tallies);
    }

    public void write(DataOutput out) throws IOException {
        jobs.write(out);
        out.writeLong(created);
        out.writeLong(rejected);
        out.writeLong(failed);
        out.writeLong(reused);
        out.writeLong(duplicatesIgnored);
        Io.counts(out, rejectedByReason);
        Io.counts(out, failedByReason);
        out.writeInt(workers.size());
        for (Map.Entry<String, TreeMap<String, Long>> w : workers.entrySet()) {
            Io.str(out, w.getKey());
            Io.counts(out, w.getValue());
        }
    }

    public static Tally read(DataInput in) throws IOException {
        Tally t = new Tally();
        t.jobs = Hash128Set.read(in);
        t.created = in.readLong();
        t.rejected = in.readLong();
        t.failed = in.readLong();
        t.reused = in.readLong();
        t.duplicatesIgnored = in.readLong();
        t.rejectedByReason = Io.counts(in);
        t.failedByReason = Io.counts(in);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            t.workers.put(Io.str(in), Io.counts(in));
        }
        return t;
    }
}
