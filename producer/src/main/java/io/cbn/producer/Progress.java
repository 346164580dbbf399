package io.cbn.producer;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints "found / enqueued / rate" about once a second while enqueueing (only on a terminal). */
public final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final PrintStream out;
    private final WalkStats stats;
    private final LongSupplier acknowledged;
    private final long startedNanos = System.nanoTime();

    private Progress(boolean enabled, PrintStream out, WalkStats stats, LongSupplier acknowledged) {
        this.out = out;
        this.stats = stats;
        this.acknowledged = acknowledged;
        if (enabled) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "cbn-enqueue-progress");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        } else {
            this.timer = null;
        }
    }

    /**
     * Starts printing to {@code out} when {@code enabled}; otherwise prints nothing.
     *
     * @param acknowledged jobs enqueued so far
     */
    public static Progress start(boolean enabled, PrintStream out, WalkStats stats, LongSupplier acknowledged) {
        return new Progress(enabled, out, stats, acknowledged);
    }

    private void print() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        long enqueued = acknowledged.getAsLong();
        out.printf("cbn enqueue: found %,d, enqueued %,d, excluded %,d, walk errors %,d, %,.0f jobs/s%n",
                stats.accepted(), enqueued, stats.excluded(), stats.walkErrors(), enqueued / seconds);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
