package io.cbn.worker.hold;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a job parked on cbn.jobs.retry (docs/design.md, Messages): {@code cbn-held-since} (when the hold of
 * its root began), {@code cbn-not-before} (when it may be tried again), {@code cbn-hold-reason} (the reason code), and
 * two of the worker's own: {@code cbn-hold-root} and {@code cbn-hold-tries} (how often it was parked, for the
 * back-off). Instants are ISO-8601 UTC text ({@link Instant#toString()}).
 */
public record Parked(Instant heldSince, Instant notBefore, String reason, String root, int tries) {

    public static final String HELD_SINCE = "cbn-held-since";
    public static final String NOT_BEFORE = "cbn-not-before";
    public static final String HOLD_REASON = "cbn-hold-reason";
    public static final String HOLD_ROOT = "cbn-hold-root";
    public static final String HOLD_TRIES = "cbn-hold-tries";

    public Headers toHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add(HELD_SINCE, bytes(heldSince.toString()));
        h.add(NOT_BEFORE, bytes(notBefore.toString()));
        h.add(HOLD_REASON, bytes(reason));
        h.add(HOLD_ROOT, bytes(root));
        h.add(HOLD_TRIES, bytes(Integer.toString(tries)));
        return h;
    }

    /** Reads the headers of a parked job; a missing or unreadable value falls back to {@code now} (try it now). */
    public static Parked from(Headers headers, Instant now) {
        Instant since = instant(headers, HELD_SINCE).orElse(now);
        Instant notBefore = instant(headers, NOT_BEFORE).orElse(now);
        String reason = text(headers, HOLD_REASON).orElse("");
        String root = text(headers, HOLD_ROOT).orElse("");
        int tries;
        try {
            tries = Integer.parseInt(text(headers, HOLD_TRIES).orElse("1"));
        } catch (NumberFormatException e) {
            tries = 1;
        }
        return new Parked(since, notBefore, reason, root, Math.max(tries, 1));
    }

    private static Optional<Instant> instant(Headers headers, String key) {
        try {
            return text(headers, key).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Headers headers, String key) {
        if (headers == null) return Optional.empty();
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
