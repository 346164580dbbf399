package io.cbn.aggregator.dashboard;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateData;

/**
 * Pages through a run's items.jsonl without loading it (docs/design.md, "Dashboard"): reads forward from a byte
 * offset (the cursor of the page before) up to the length that is complete lines, keeps the lines of the wanted
 * outcomes and reason, and stops after one page or after {@link #DEFAULT_SCAN_BUDGET} bytes, whichever is first. A
 * page costs the bytes between its first and last line, never the whole ledger; a line is parsed only when its raw
 * bytes name a wanted outcome (and reason). Plain Java.
 */
public final class ItemPager {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One item line: where it starts in items.jsonl (its id in links) and its fields. */
    @TemplateData
    public record Item(long offset, String jobId, String sourcePath, String outcome, String reason, String message,
                       List<Output> outputs) {
        /** Index of the preview PNG among the outputs, -1 when there is none. */
        public int preview() {
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i).path().endsWith("-preview.png")) {
                    return i;
                }
            }
            return -1;
        }

        public String name() {
            int slash = sourcePath.lastIndexOf('/');
            return slash < 0 ? sourcePath : sourcePath.substring(slash + 1);
        }
    }

    /** One output of an item: its index in the line's outputs, path relative to the output root, a short label. */
    @TemplateData
    public record Output(int index, String path, String sha256, String label) {
    }

    /** A page; {@code next} is the cursor of the following page, -1 when this is the last. */
    @TemplateData
    public record Page(List<Item> items, long next) {
    }

    /** Bytes one page may read at most before it stops and offers to go on (bounded work per request). */
    public static final long DEFAULT_SCAN_BUDGET = 256L << 20;

    /**
     * @param outcomes wanted outcomes (CREATED, REJECTED, FAILED)
     * @param reason   wanted reason code, or null for any
     * @param after    byte offset to start at (0 = from the first line; must be a line start)
     * @param length   bytes of the file that are complete lines
     */
    public static Page page(Path file, long length, Set<String> outcomes, String reason, long after, int size)
            throws IOException {
        return page(file, length, outcomes, reason, after, size, DEFAULT_SCAN_BUDGET);
    }

    /**
     * As above, reading at most about {@code budget} bytes: a page that ran out of budget before it was full ends
     * early (fewer than {@code size} items) with {@code next} where it stopped, so a rare filter over a huge ledger
     * is answered in steps instead of one request reading the whole file.
     */
    public static Page page(Path file, long length, Set<String> outcomes, String reason, long after, int size,
                            long budget) throws IOException {
        List<Item> items = new ArrayList<>();
        if (file == null || !Files.isRegularFile(file) || after >= length) {
            return new Page(items, -1);
        }
        List<byte[]> markers = outcomes.stream()
                .map(o -> ("\"outcome\":\"" + o + "\"").getBytes(StandardCharsets.UTF_8)).toList();
        byte[] reasonMarker = reason == null ? null
                : ("\"reason\":" + JSON.writeValueAsString(reason)).getBytes(StandardCharsets.UTF_8);
        long from = Math.max(0, after);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(from);
            InputStream in = Channels.newInputStream(channel);
            byte[] buf = new byte[1 << 20];
            int len = 0;          // bytes in buf
            long bufStart = from; // file offset of buf[0]
            boolean eof = false;
            while (true) {
                // fill the buffer up to the complete-lines length
                while (!eof && len < buf.length) {
                    int want = (int) Math.min(buf.length - len, length - (bufStart + len));
                    if (want <= 0) {
                        eof = true;
                        break;
                    }
                    int r = in.read(buf, len, want);
                    if (r < 0) {
                        eof = true;
                        break;
                    }
                    len += r;
                }
                int lineStart = 0;
                for (int i = 0; i < len; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (matches(buf, lineStart, i, markers, reasonMarker)) {
                        long offset = bufStart + lineStart;
                        if (items.size() == size) {
                            return new Page(items, offset);
                        }
                        Item item = parse(offset, JSON.readTree(buf, lineStart, i - lineStart));
                        if (outcomes.contains(item.outcome()) && (reason == null || reason.equals(item.reason()))) {
                            items.add(item);
                        }
                    }
                    lineStart = i + 1;
                    long position = bufStart + lineStart;
                    if (position - from >= budget) {
                        return new Page(items, position < length ? position : -1);
                    }
                }
                if (eof && lineStart >= len) {
                    return new Page(items, -1);
                }
                if (lineStart == 0) {
                    if (eof) {
                        return new Page(items, -1); // a last line without "\n" is not complete
                    }
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
                } else {
                    System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
                    len -= lineStart;
                    bufStart += lineStart;
                }
            }
        }
    }

    /** Whether the line's bytes name one of the outcomes (and the reason): a cheap test before parsing. */
    private static boolean matches(byte[] buf, int from, int to, List<byte[]> markers, byte[] reason) {
        boolean any = false;
        for (byte[] m : markers) {
            if (indexOf(buf, from, to, m) >= 0) {
                any = true;
                break;
            }
        }
        return any && (reason == null || indexOf(buf, from, to, reason) >= 0);
    }

    private static int indexOf(byte[] buf, int from, int to, byte[] pattern) {
        byte first = pattern[0];
        int last = to - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The one line that starts at {@code offset}, or null when no line starts there (or it is past {@code length}). */
    public static Item at(Path file, long length, long offset) throws IOException {
        if (file == null || offset < 0 || offset >= length || !Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset > 0) {
                java.nio.ByteBuffer before = java.nio.ByteBuffer.allocate(1);
                channel.read(before, offset - 1);
                if (before.get(0) != '\n') {
                    return null; // not a line start
                }
            }
            channel.position(offset);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            long position = offset;
            int b;
            while (position < length && (b = in.read()) >= 0 && b != '\n') {
                position++;
                line.write(b);
            }
            return parse(offset, JSON.readTree(line.toString(StandardCharsets.UTF_8)));
        }
    }

    static Item parse(long offset, JsonNode n) {
        List<Output> outputs = new ArrayList<>();
        int i = 0;
        for (JsonNode o : n.path("outputs")) {
            String path = o.path("path").asText();
            outputs.add(new Output(i++, path, o.path("sha256").asText(), label(path)));
        }
        return new Item(offset, n.path("jobId").asText(), n.path("sourcePath").asText(), n.path("outcome").asText(),
                n.path("reason").isNull() ? null : n.path("reason").asText(),
                n.path("message").isNull() ? null : n.path("message").asText(), outputs);
    }

    /** SVG, PNG (template), preview, palette JSON, PDF. */
    static String label(String path) {
        if (path.endsWith("-preview.png")) {
            return "preview";
        }
        if (path.endsWith("-template.png")) {
            return "PNG";
        }
        if (path.endsWith("-palette.json")) {
            return "palette";
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "file" : path.substring(dot + 1).toUpperCase(java.util.Locale.ROOT);
    }
}
