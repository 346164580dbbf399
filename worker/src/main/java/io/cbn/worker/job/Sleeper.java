package io.cbn.worker.job;

import java.time.Duration;

/** Waits between retries and probes; the worker's implementation returns early when it is stopping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
}
