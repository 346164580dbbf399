package io.cbn.aggregator.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;


class RunTopicsConsumerTest {

    private static final RunTopicsConsumer.RecordSink IGNORE = new RunTopicsConsumer.RecordSink() {
        @Override
        public Map<String, Long> startPositions() {
            return Map.of();
        }

        @Override
        public void onRecord(String topic, int partition, long offset, byte[] value) {
        }

        @Override
        public void afterPoll(boolean caughtUp) {
        }
    };

    @Test
    void anUnreachableBrokerKeepsTheLoopAliveButNotCaughtUpAndStopEndsIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RunTopicsConsumer consumer = new RunTopicsConsumer(Map.of("bootstrap.servers", "127.0.0.1:" + port,
                "reconnect.backoff.max.ms", 200), "runs", "results", IGNORE, Duration.ofMillis(100), Duration.ofSeconds(1));
        Thread thread = new Thread(consumer, "test-consumer");
        thread.start();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> consumer.alive() && !consumer.caughtUp());
        consumer.stop();
        thread.join(15_000);
        assertFalse(thread.isAlive());
        assertNull(consumer.failure());
        assertTrue(consumer.alive(), "a requested stop is not a death");
    }
}
