package io.cbn.aggregator.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** items.jsonl appends: every line exactly once, in order, through eager writes, failed writes and restarts. */
class ItemsAppenderTest {

    @TempDir
    Path dir;

    private static byte[] line(int i) {
        return ("{\"jobId\":\"job-" + i + "\",\"pad\":\"" + "x".repeat(i % 700) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBacklogIsWrittenAsItGrowsAndFlushWritesTheRest() throws IOException {
        Path file = dir.resolve("runs/r/items.jsonl");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (ItemsAppender items = ItemsAppender.open(file, 0)) {
            int i = 0;
            // far more than one write's worth without a flush (one poll of a backlog)
            while (expected.size() < 5 * ItemsAppender.WRITE_AT) {
                byte[] l = line(i++);
                items.append(l);
                expected.write(l);
                assertTrue(items.pendingBytes() <= 2 * ItemsAppender.WRITE_AT, "pending " + items.pendingBytes());
            }
            assertTrue(items.flushedLength() >= 2L * ItemsAppender.WRITE_AT, "written before the flush: " + items.flushedLength());
            assertEquals(items.flushedLength(), Files.size(file));
            items.flush();
            assertEquals(expected.size(), items.flushedLength());
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void linesAppendedWhileWritesFailAreWrittenOnceWhenTheyWorkAgain() throws IOException {
        Path runDir = dir.resolve("runs/r");
        Path file = runDir.resolve("items.jsonl");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (ItemsAppender items = ItemsAppender.open(file, 0)) {
            // the admin path is not writable: a file where the run's directory should be
            Files.createDirectories(dir.resolve("runs"));
            Files.writeString(runDir, "not a directory");
            for (int i = 0; i < 4000; i++) {
                byte[] l = line(i);
                items.append(l);
                expected.write(l);
            }
            assertEquals(expected.size(), items.pendingBytes(), "every line kept while the writes fail");
            assertThrows(IOException.class, items::flush);
            Files.delete(runDir);
            items.flush();
            assertEquals(0, items.pendingBytes());
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void aRestartCutsTheFileBackToTheCheckpointsLengthAndGoesOn() throws IOException {
        Path file = dir.resolve("runs/r/items.jsonl");
        long checkpointed;
        try (ItemsAppender items = ItemsAppender.open(file, 0)) {
            items.append(line(1));
            items.flush();
            checkpointed = items.flushedLength();
            items.append(line(2)); // written after the checkpoint: replayed after the restart
            items.flush();
        }
        try (ItemsAppender items = ItemsAppender.open(file, checkpointed)) {
            items.append(line(2));
            items.append(line(3));
            items.flush();
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(line(1));
        expected.write(line(2));
        expected.write(line(3));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }
}
