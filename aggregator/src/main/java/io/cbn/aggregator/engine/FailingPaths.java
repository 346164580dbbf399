package io.cbn.aggregator.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * Paths the aggregator cannot write right now -> why: readiness is DOWN while any is listed, and each path leaves
 * the list by itself once a write under it works again. Written by the consumer thread, read by any.
 */
final class FailingPaths {

    private static final Logger LOG = Logger.getLogger(FailingPaths.class);

    private final ConcurrentHashMap<String, String> failing = new ConcurrentHashMap<>();

    void unwritable(Path path, Exception e) {
        if (failing.put(path.toString(), e.toString()) == null) {
            LOG.errorf("cannot write under %s (%s); readiness DOWN, retrying", path, e.toString());
        }
    }

    void writable(Path path) {
        if (failing.remove(path.toString()) != null) {
            LOG.infof("%s is writable again", path);
        }
    }

    Map<String, String> view() {
        return Map.copyOf(failing);
    }
}
