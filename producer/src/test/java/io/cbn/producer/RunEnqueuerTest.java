package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.codec.ImageJobDeserializer;
import io.cbn.schemas.codec.RunEventDeserializer;

/** The enqueue flow against a MockProducer: ordering, exact seal count, and no seal after a failed send. */
class RunEnqueuerTest {

    @TempDir
    Path root;

    private final ConversionSettings settings = ConversionSettings.newBuilder().build();

    @BeforeEach
    void files() throws IOException {
        for (int i = 0; i < 10; i++) {
            Files.writeString(Files.createDirectories(root.resolve("d" + (i % 3))).resolve("f" + i + ".jpg"), "x");
        }
    }

    @Test
    void opensStreamsJobsAndSealsWithTheExactCount() throws IOException {
        MockProducer<String, byte[]> mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        RunEnqueuer.Outcome outcome = enqueuer(mock, new WalkStats()).enqueue(List.of(root), "/out", "/admin", settings);

        assertTrue(outcome.sealed());
        assertEquals(10, outcome.enqueued());
        List<ProducerRecord<String, byte[]>> sent = mock.history();
        assertEquals(12, sent.size());
        RunEvent opened = runEvent(sent.get(0));
        assertEquals(RunEventType.OPENED, opened.getType());
        assertEquals(List.of(root.toString()), opened.getSourcePaths());
        assertEquals("/admin", opened.getAdminPath());
        for (ProducerRecord<String, byte[]> record : sent.subList(1, 11)) {
            assertEquals("cbn.jobs", record.topic());
            ImageJob job = new ImageJobDeserializer().deserialize("cbn.jobs", record.value());
            assertEquals(job.getJobId(), record.key());
        }
        RunEvent sealed = runEvent(sent.get(11));
        assertEquals(RunEventType.SEALED, sealed.getType());
        assertEquals(10L, sealed.getExpectedJobs());
        assertEquals("run-1", sent.get(11).key());
    }

    @Test
    void aFailedSendStopsTheWalkAndTheRunIsNotSealed() throws IOException {
        FailingOnThirdJob mock = new FailingOnThirdJob();
        RunEnqueuer.Outcome outcome = enqueuer(mock, new WalkStats()).enqueue(List.of(root), "/out", null, settings);

        assertFalse(outcome.sealed());
        assertInstanceOf(RecordTooLargeException.class, outcome.error());
        assertEquals(1, outcome.failedSends());
        assertEquals(2, outcome.enqueued(), "jobs acknowledged before the failure");
        assertTrue(mock.history().size() < 11, "walk stopped early: " + mock.history().size() + " records");
        assertTrue(mock.history().stream().filter(r -> r.topic().equals("cbn.runs")).map(RunEnqueuerTest::runEvent)
                .noneMatch(e -> e.getType() == RunEventType.SEALED), "no SEALED after a failure");
    }

    @Test
    void aSendThatThrowsIsRecordedLikeAFailedOne() throws IOException {
        MockProducer<String, byte[]> mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        mock.sendException = new org.apache.kafka.common.errors.TimeoutException("metadata not available");
        RunEnqueuer.Outcome outcome = enqueuer(mock, new WalkStats()).enqueue(List.of(root), "/out", null, settings);
        assertFalse(outcome.sealed());
        assertTrue(outcome.error().getMessage().contains("metadata not available"));
    }

    private RunEnqueuer enqueuer(MockProducer<String, byte[]> mock, WalkStats stats) {
        JobPublisher publisher = new JobPublisher(mock, "cbn.jobs", "cbn.runs");
        Clock clock = Clock.systemUTC();
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        return new RunEnqueuer(publisher, new JobFactory("run-1", settings, "/out", clock), new RunEvents("run-1", clock),
                new SourceWalker(PathFilter.all(), false, stats, silent), stats);
    }

    private static RunEvent runEvent(ProducerRecord<String, byte[]> record) {
        assertEquals("cbn.runs", record.topic());
        return new RunEventDeserializer().deserialize(record.topic(), record.value());
    }

    /** Acknowledges everything except the third job, which fails as a broker would report it. */
    private static final class FailingOnThirdJob extends MockProducer<String, byte[]> {
        private int jobs;

        FailingOnThirdJob() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().equals("cbn.jobs") && ++jobs == 3) {
                RecordTooLargeException failure = new RecordTooLargeException("too large");
                callback.onCompletion(null, failure);
                return CompletableFuture.failedFuture(failure);
            }
            return super.send(record, callback);
        }
    }
}
