package io.cbn.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A {@link FileSink} that hands files in batches to one worker thread, so the walk (file system
 * calls) overlaps with building, encoding and sending jobs. Bounded: the walk waits when the
 * worker is {@value #QUEUED_BATCHES} batches behind, so memory stays flat however large the tree.
 */
public final class HandOff implements FileSink, AutoCloseable {

    static final int BATCH = 512;
    static final int QUEUED_BATCHES = 32;

    private static final List<SourceFile> END = List.of();

    private final BlockingQueue<List<SourceFile>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread worker;
    private final FileSink downstream;
    private List<SourceFile> batch = new ArrayList<>(BATCH);
    private volatile boolean stopped;

    /** @param downstream called on the worker thread, in walk order; false stops the walk */
    public HandOff(FileSink downstream) {
        this.downstream = downstream;
        this.worker = new Thread(this::drain, "cbn-enqueue-publish");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public boolean accept(SourceFile file) {
        if (stopped) {
            return false;
        }
        batch.add(file);
        if (batch.size() == BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
        return !stopped;
    }

    /** Hands over the last partial batch and waits until the worker processed everything. */
    @Override
    public void close() {
        if (!batch.isEmpty()) {
            put(batch);
            batch = new ArrayList<>(0);
        }
        put(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the publishing thread", e);
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
    }

    /** True once the downstream asked to stop or failed. */
    public boolean stopped() {
        return stopped;
    }

    private void put(List<SourceFile> files) {
        try {
            while (worker.isAlive() && !queue.offer(files, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // the worker is behind: wait for room (or for it to have died)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private void drain() {
        try {
            while (true) {
                List<SourceFile> files = queue.take();
                if (files == END) {
                    return;
                }
                if (stopped) {
                    continue; // keep draining so the walk never blocks on a full queue
                }
                forEachUntilStopped(files, file -> {
                    if (!downstream.accept(file)) {
                        stopped = true;
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (RuntimeException | Error e) {
            failure.set(e);
            stopped = true;
        }
    }

    private void forEachUntilStopped(List<SourceFile> files, Consumer<SourceFile> action) {
        for (SourceFile file : files) {
            if (stopped) {
                return;
            }
            action.accept(file);
        }
    }
}
