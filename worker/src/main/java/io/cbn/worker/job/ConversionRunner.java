package io.cbn.worker.job;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * Runs each conversion on a thread of its own that can be abandoned, so the per-image time limit holds even when the
 * conversion does not cooperate (a decoder in a loop, a read that never returns: docs/design.md, "Faults, holds and
 * poison jobs"). The caller waits at most the limit; then the conversion is cancelled (interrupted) and abandoned,
 * the job ends FAILED TIMEOUT, and the caller's thread is free for the next job.
 *
 * <p>An abandoned conversion whose thread does not end (interrupts do not unblock every read) is counted in
 * {@link #stuck()}; the liveness check turns DOWN once {@code stuck() >= limit} so the worker is restarted cleanly
 * (Kubernetes restarts a container whose liveness fails) instead of running on with threads it can not stop.
 */
public class ConversionRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConversionRunner.class);

    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cbn-conversion-" + ids.incrementAndGet());
        t.setDaemon(true); // an abandoned conversion never keeps the JVM from exiting
        return t;
    });
    private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();

    /** The conversion did not return within its limit and was abandoned. */
    public static final class Abandoned extends Exception {
        public Abandoned(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code task} and returns its value, or throws {@link Abandoned} when it did not finish within {@code limit}.
     * A task that throws is rethrown as its unchecked cause (or wrapped in IllegalStateException).
     */
    public <T> T run(Callable<T> task, Duration limit) throws Abandoned, InterruptedException {
        Thread[] runner = new Thread[1];
        Future<T> f = threads.submit(() -> {
            synchronized (runner) {
                runner[0] = Thread.currentThread();
            }
            try {
                return task.call();
            } finally {
                synchronized (runner) {
                    runner[0] = null;
                }
                if (abandoned.remove(Thread.currentThread())) {
                    LOG.infof("an abandoned conversion on %s ended after all", Thread.currentThread().getName());
                }
                Thread.interrupted(); // the pooled thread starts its next task clean
            }
        });
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (runner) {
                if (runner[0] != null) abandoned.add(runner[0]);
            }
            f.cancel(true);
            LOG.warnf("conversion did not return within %s: abandoned (%d abandoned conversion thread(s) still running)",
                    limit, stuck());
            throw new Abandoned("the conversion did not return within " + limit.toMillis() + " ms and was abandoned");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IllegalStateException("conversion cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /** Abandoned conversions whose thread is still running. */
    public int stuck() {
        abandoned.removeIf(t -> !t.isAlive());
        return abandoned.size();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
