package io.cbn.aggregator.report;

import java.nio.charset.StandardCharsets;
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
 * attempt, finishedAt, reused.
 *
 * <p>Written by hand into one reusable byte buffer (the same bytes Jackson writes: compact, strings
 * escaped per RFC 8259 with {@code \\uXXXX} for control characters): this is on the path of every
 * counted result, and a general JSON generator cost a quarter of the aggregator's time per result.
 * Not thread-safe.
 */
public final class ItemsJsonl {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[1024];
    private int len;

    /** The line's UTF-8 bytes, "\n" included. */
    public byte[] line(ItemRecord item, List<String> qaIssues) {
        len = 0;
        raw("{\"jobId\":");
        str(item.jobId());
        raw(",\"sourcePath\":");
        str(item.sourcePath());
        raw(",\"outcome\":");
        str(item.outcome().name());
        raw(",\"reason\":");
        str(item.reason());
        raw(",\"outputs\":[");
        boolean first = true;
        for (OutputRef o : item.outputs()) {
            raw(first ? "{\"path\":" : ",{\"path\":");
            first = false;
            str(o.path());
            raw(",\"bytes\":");
            raw(Long.toString(o.bytes()));
            raw(",\"sha256\":");
            str(o.sha256());
            raw("}");
        }
        raw("],\"workerBuild\":");
        str(item.workerBuild());
        raw(",\"durationMs\":");
        raw(item.durationMs() == null ? "null" : Long.toString(item.durationMs()));
        raw(",\"relativePath\":");
        str(item.relativePath());
        raw(",\"message\":");
        str(item.message());
        raw(",\"qaFlags\":");
        strings(item.qaFlags());
        raw(",\"qaIssues\":");
        strings(qaIssues);
        raw(",\"workerId\":");
        str(item.workerId());
        raw(",\"attempt\":");
        raw(Integer.toString(item.attempt()));
        raw(",\"finishedAt\":");
        str(item.finishedAt() == null ? null : item.finishedAt().toString());
        raw(item.reused() ? ",\"reused\":true}\n" : ",\"reused\":false}\n");
        return Arrays.copyOf(buf, len);
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

    /** ASCII text written as is. */
    private void raw(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void str(String s) {
        if (s == null) {
            raw("null");
            return;
        }
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                ensure(2);
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else {
                // non-ASCII: the rest of the string through the UTF-8 encoder (surrogate pairs kept whole)
                utf8(s, i);
                break;
            }
        }
        ensure(1);
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
