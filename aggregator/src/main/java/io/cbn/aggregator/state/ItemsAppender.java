package io.cbn.aggregator.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Appends one open run's {@code items.jsonl} as results are counted (docs/design.md, "Aggregator
 * state"): lines collect in a buffer and are written at each {@link #flush()}; the file's length
 * after a flush is what a checkpoint records, and a restart cuts the file back to it
 * ({@link #open(Path, long)}). A failed write (admin path unwritable) keeps the buffer and is
 * retried by the next flush, so no line is lost or written twice. Lines also go out as soon as
 * {@link #WRITE_AT} bytes are pending, so a backlog's thousands of lines per poll never grow the buffer
 * beyond that (a growing buffer was copied at each doubling and then once more into the JDK's
 * direct buffer). Used by the consumer thread; {@link #flushedLength()} may be read by any thread.
 */
public final class ItemsAppender implements AutoCloseable {

    private final Path file;
    private long truncateTo;
    private FileChannel channel;
    private volatile long flushedLength;
    /** Pending bytes written out without waiting for the next flush. */
    static final int WRITE_AT = 1024 * 1024;

    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    /** The last write failed: lines only collect until the next {@link #flush()} (which reports the failure). */
    private boolean writeFailed;

    private ItemsAppender(Path file, long truncateTo) {
        this.file = file;
        this.truncateTo = truncateTo;
        this.flushedLength = truncateTo;
    }

    /** An appender continuing {@code file} from {@code length} bytes (0: a new run). Opens the file at the first flush. */
    public static ItemsAppender open(Path file, long length) {
        return new ItemsAppender(file, length);
    }

    public Path file() {
        return file;
    }

    public void append(byte[] line) {
        append(line, line.length);
    }

    /** Appends the first {@code length} bytes of {@code line} (copied: the caller may reuse its buffer). */
    public void append(byte[] line, int length) {
        if (pendingLength + length > pending.length && pendingLength >= WRITE_AT && !writeFailed) {
            try {
                flush();
            } catch (IOException e) {
                writeFailed = true; // kept pending; the caller's next flush() retries and reports it
            }
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(line, 0, pending, pendingLength, length);
        pendingLength += length;
    }

    /** Bytes appended but not written yet. */
    public int pendingBytes() {
        return pendingLength;
    }

    /** Length of the file as far as written by this appender (what a reader may serve). */
    public long flushedLength() {
        return flushedLength;
    }

    /** Writes what is pending (no fsync). On failure everything stays pending. */
    public void flush() throws IOException {
        writeFailed = false;
        if (channel == null) {
            Files.createDirectories(file.getParent());
            FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                long size = c.size();
                if (size < truncateTo) {
                    throw new IOException(file + " has " + size + " bytes, fewer than the " + truncateTo
                            + " the checkpoint covers");
                }
                c.truncate(truncateTo);
                c.position(truncateTo);
            } catch (IOException e) {
                c.close();
                throw e;
            }
            channel = c;
        }
        if (pendingLength == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(pending, 0, pendingLength);
        long start = flushedLength;
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            // cut back what got through, so the retry writes every pending byte exactly once
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException ignored) {
                closeQuietly();
                truncateTo = start;
            }
            throw e;
        }
        flushedLength = start + pendingLength;
        pendingLength = 0;
        if (pending.length > 2 * WRITE_AT) { // grown while writes failed
            pending = new byte[64 * 1024];
        }
    }

    /** Flushes and forces the file to disk (before a checkpoint records its length, and at run close). */
    public void force() throws IOException {
        flush();
        channel.force(false);
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
        channel = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
