package io.cbn.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.cbn.worker.job.Sleeper;

/**
 * Whether the worker is stopping, and how many jobs are in flight. Its {@link #sleep} returns as soon as the
 * worker starts stopping, so held jobs and backoffs never delay a shutdown.
 */
@ApplicationScoped
public class WorkerLifecycle implements Sleeper {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private int inflight;
    private long lastHandBack = System.nanoTime();

    public boolean isStopping() {
        return stopped.getCount() == 0;
    }

    public void stop() {
        stopped.countDown();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    public synchronized void jobStarted() {
        inflight++;
    }

    public synchronized void jobFinished() {
        inflight--;
        if (inflight == 0) notifyAll();
    }

    /** A job arrived while stopping and was handed back without being started. */
    public synchronized void handedBack() {
        lastHandBack = System.nanoTime();
    }

    /**
     * Waits until no job has been handed back for {@code quiet} (the connector's queue is empty), at most {@code max}.
     */
    public void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            long since;
            synchronized (this) {
                since = System.nanoTime() - lastHandBack;
            }
            if (since >= quiet.toNanos()) return;
            Thread.sleep(Math.max(1, (quiet.toNanos() - since) / 1_000_000));
        }
    }

    public synchronized int inflight() {
        return inflight;
    }

    /** Waits up to {@code max} until no job is in flight; true when none is. */
    public synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (inflight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
