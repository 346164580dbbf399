package io.cbn.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a walk over all source roots. Counters may be read from another thread (progress);
 * walk errors are kept as "path: reason" lines, the first {@value #MAX_LISTED_ERRORS} of them
 * (the count is always exact).
 */
public final class WalkStats {

    /** Walk errors listed individually; later ones are only counted (keeps RunEvent small). */
    public static final int MAX_LISTED_ERRORS = 1000;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong excluded = new AtomicLong();
    private final AtomicLong hiddenFiles = new AtomicLong();
    private final AtomicLong hiddenDirs = new AtomicLong();
    private final AtomicLong walkErrors = new AtomicLong();
    private final List<String> listedErrors = new ArrayList<>();

    void fileAccepted() {
        accepted.incrementAndGet();
    }

    void fileExcluded() {
        excluded.incrementAndGet();
    }

    void hiddenFileSkipped() {
        hiddenFiles.incrementAndGet();
    }

    void hiddenDirSkipped() {
        hiddenDirs.incrementAndGet();
    }

    synchronized void walkError(String path, String reason) {
        walkErrors.incrementAndGet();
        if (listedErrors.size() < MAX_LISTED_ERRORS) {
            listedErrors.add(path + ": " + reason);
        }
    }

    /** Regular, non-hidden files the include/exclude globs accepted. */
    public long accepted() {
        return accepted.get();
    }

    /** Files skipped by the include/exclude globs. */
    public long excluded() {
        return excluded.get();
    }

    public long hiddenFiles() {
        return hiddenFiles.get();
    }

    public long hiddenDirs() {
        return hiddenDirs.get();
    }

    /** Everything the walk could not cover: unreadable dirs, loops, dangling links, special files. */
    public long walkErrors() {
        return walkErrors.get();
    }

    /**
     * The walk errors as "path: reason" lines; when there were more than
     * {@value #MAX_LISTED_ERRORS}, a last line says how many are not listed.
     */
    public synchronized List<String> walkErrorLines() {
        List<String> lines = new ArrayList<>(listedErrors);
        long unlisted = walkErrors.get() - listedErrors.size();
        if (unlisted > 0) {
            lines.add("... and " + unlisted + " more walk errors (listed on the producer's stderr)");
        }
        return lines;
    }
}
