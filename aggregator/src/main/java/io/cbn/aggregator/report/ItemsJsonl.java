package io.cbn.aggregator.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;

/**
 * Renders one {@code items.jsonl} line: a compact JSON object per job (its first terminal result)
 * ending in "\n". Lines are appended in the order results are counted (arrival order). Contract
 * fields first: jobId, sourcePath, outcome, reason, outputs [{path, bytes, sha256}] (paths relative
 * to the run's output root), workerBuild ("version+commit" string), durationMs; then relativePath,
 * message, qaFlags, qaIssues (the QA categories the item counts in when it was counted), workerId,
 * attempt, finishedAt, reused, and worstDeltaE00 when the result carries it (CREATED by a worker of JobResult v3).
 *
 * <p>Written by hand into one reusable byte buffer (the same bytes Jackson writes: compact, strings
 * escaped per RFC 8259 with {@code \\uXXXX} for control characters): this is on the path of every
 * counted result, and a general JSON generator cost a quarter of the aggregator's time per result.
 * Not thread-safe.
 */
public final class ItemsJsonl {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] K0 = ascii("{\"jobId\":");
    private static final byte[] K1 = ascii(",\"sourcePath\":");
    private static final byte[] K2 = ascii(",\"outcome\":");
    private static final byte[] K3 = ascii(",\"reason\":");
    private static final byte[] K4 = ascii(",\"outputs\":[");
    private static final byte[] K5 = ascii(",\"bytes\":");
    private static final byte[] K6 = ascii(",\"sha256\":");
    private static final byte[] K7 = ascii("}");
    private static final byte[] K8 = ascii("],\"workerBuild\":");
    private static final byte[] K9 = ascii(",\"durationMs\":");
    private static final byte[] K10 = ascii(",\"relativePath\":");
    private static final byte[] K11 = ascii(",\"message\":");
    private static final byte[] K12 = ascii(",\"qaFlags\":");
    private static final byte[] K13 = ascii(",\"qaIssues\":");
    private static final byte[] K14 = ascii(",\"workerId\":");
    private static final byte[] K15 = ascii(",\"attempt\":");
    private static final byte[] K16 = ascii(",\"finishedAt\":");
    private static final byte[] REUSED_TRUE = ascii(",\"reused\":true");
    private static final byte[] REUSED_FALSE = ascii(",\"reused\":false");
    private static final byte[] K17 = ascii(",\"worstDeltaE00\":");
    private static final byte[] END = ascii("}\n");
    private static final byte[] NULL = ascii("null");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] buf = new byte[1024];
    private int len;

    /** The line's UTF-8 bytes, "\n" included. */
    public byte[] line(ItemRecord item, List<String> qaIssues) {
        render(item, qaIssues);
        return Arrays.copyOf(buf, len);
    }

    /**
     * Renders the line into this renderer's buffer ({@link #buffer()}, {@link #length()} bytes, valid until the next
     * call): the hot path appends it from there, without a copy per line.
     */
    public void render(ItemRecord item, List<String> qaIssues) {
        len = 0;
        raw(K0);
        str(item.jobId());
        raw(K1);
        str(item.sourcePath());
        raw(K2);
        str(item.outcome().name());
        raw(K3);
        str(item.reason());
        raw(K4);
        boolean first = true;
        for (OutputRef o : item.outputs()) {
            raw(first ? "{\"path\":" : ",{\"path\":");
            first = false;
            str(o.path());
            raw(K5);
            number(o.bytes());
            raw(K6);
            str(o.sha256());
            raw(K7);
        }
        raw(K8);
        str(item.workerBuild());
        raw(K9);
        if (item.durationMs() == null) {
            raw(NULL);
        } else {
            number(item.durationMs());
        }
        raw(K10);
        str(item.relativePath());
        raw(K11);
        str(item.message());
        raw(K12);
        strings(item.qaFlags());
        raw(K13);
        strings(qaIssues);
        raw(K14);
        str(item.workerId());
        raw(K15);
        number(item.attempt());
        raw(K16);
        instant(item.finishedAt());
        raw(item.reused() ? REUSED_TRUE : REUSED_FALSE);
        if (item.worstDeltaE00() != null) {
            raw(K17);
            raw(Double.toString(item.worstDeltaE00()));
        }
        raw(END);
    }

    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return len;
    }

    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    /**
     * An Instant as {@link Instant#toString()} writes it ("2026-12-01T10:15:30Z", fraction in 3, 6 or 9 digits when
     * not zero), by hand for years 0-9999 (the date part cached per day): the JDK's formatter was a tenth of the
     * time per line. Other years go through toString.
     */
    private void instant(Instant t) {
        if (t == null) {
            raw(NULL);
            return;
        }
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        if (day != cachedDay) {
            LocalDate d = LocalDate.ofEpochDay(day);
            if (d.getYear() < 0 || d.getYear() > 9999) {
                str(t.toString());
                return;
            }
            digits(cachedDate, 0, d.getYear(), 4);
            cachedDate[4] = '-';
            digits(cachedDate, 5, d.getMonthValue(), 2);
            cachedDate[7] = '-';
            digits(cachedDate, 8, d.getDayOfMonth(), 2);
            cachedDay = day;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        ensure(10 + 1 + 8 + 10 + 3);
        buf[len++] = '"';
        System.arraycopy(cachedDate, 0, buf, len, 10);
        len += 10;
        buf[len++] = 'T';
        digits(buf, len, secondOfDay / 3600, 2);
        buf[len + 2] = ':';
        digits(buf, len + 3, secondOfDay / 60 % 60, 2);
        buf[len + 5] = ':';
        digits(buf, len + 6, secondOfDay % 60, 2);
        len += 8;
        int nano = t.getNano();
        if (nano != 0) {
            buf[len++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(buf, len, nano / 1_000_000, 3);
                len += 3;
            } else if (nano % 1000 == 0) {
                digits(buf, len, nano / 1000, 6);
                len += 6;
            } else {
                digits(buf, len, nano, 9);
                len += 9;
            }
        }
        buf[len++] = 'Z';
        buf[len++] = '"';
    }

    private static void digits(byte[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** A long in decimal, without a String for the usual non-negative values (int arithmetic when it fits). */
    private void number(long v) {
        if (v < 0) {
            raw(Long.toString(v));
            return;
        }
        ensure(20);
        if (v <= Integer.MAX_VALUE) {
            int x = (int) v;
            int end = len + digitCount(x);
            for (int i = end - 1; i >= len; i--) {
                int q = x / 10;
                buf[i] = (byte) ('0' + (x - q * 10));
                x = q;
            }
            len = end;
            return;
        }
        raw(Long.toString(v));
    }

    private static int digitCount(int x) {
        int n = 1;
        for (int limit = 10; n < 10 && x >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    private void strings(List<String> values) {
        raw("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                raw(",");
            }
            str(values.get(i));
        }
        raw("]");
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** ASCII text written as is. */
    private void raw(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** Bytes that a JSON string can not hold as they are: control characters, '"' and '\\'. */
    private static final boolean[] ESCAPED = new boolean[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPED[c] = true;
        }
        ESCAPED['"'] = true;
        ESCAPED['\\'] = true;
    }

    /**
     * A JSON string: the UTF-8 bytes as they are (the JDK's encoder, a plain copy for the usual ASCII text), checked in
     * one pass for what must be escaped; only a string that has some is written char by char. Twice as fast as
     * writing every char by hand, for the same bytes.
     */
    private void str(String s) {
        if (s == null) {
            raw(NULL);
            return;
        }
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        boolean escape = false;
        for (byte b : u) {
            escape |= b >= 0 && ESCAPED[b];
        }
        if (escape) {
            ensure(2);
            buf[len++] = '"';
            utf8(s, 0);
            ensure(1);
            buf[len++] = '"';
            return;
        }
        ensure(u.length + 2);
        buf[len++] = '"';
        System.arraycopy(u, 0, buf, len, u.length);
        len += u.length;
        buf[len++] = '"';
    }

    private void utf8(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                ensure(2);
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x80) {
                ensure(1);
                buf[len++] = (byte) c;
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                ensure(b.length);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
                i = end - 1;
            }
        }
    }

    private void escapeControl(char c) {
        ensure(6);
        switch (c) {
            case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
            case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
            case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
            case '\b' -> { buf[len++] = '\\'; buf[len++] = 'b'; }
            case '\f' -> { buf[len++] = '\\'; buf[len++] = 'f'; }
            default -> {
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }
}
