package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HandOffTest {

    private static final Path ROOT = Path.of("/r");

    @Test
    void deliversEveryFileInOrderOnAnotherThread() {
        List<String> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int count = HandOff.BATCH * 3 + 7;
        try (HandOff handOff = new HandOff(file -> {
            seen.add(file.relativePath());
            threads.add(Thread.currentThread());
            return true;
        })) {
            for (int i = 0; i < count; i++) {
                assertTrue(handOff.accept(file(i)));
            }
        }
        assertEquals(count, seen.size(), "close() delivers the partial last batch and waits");
        for (int i = 0; i < count; i++) {
            assertEquals("f" + i, seen.get(i));
        }
        assertNotEquals(Thread.currentThread(), threads.get(0));
    }

    @Test
    void stopsTheWalkWhenDownstreamSaysSoAndDeliversNothingAfter() {
        AtomicInteger delivered = new AtomicInteger();
        int offered = 0;
        try (HandOff handOff = new HandOff(file -> delivered.incrementAndGet() < 10)) {
            while (handOff.accept(file(offered++))) {
                assertTrue(offered < HandOff.BATCH * (HandOff.QUEUED_BATCHES + 4), "the walk must be told to stop");
            }
            assertTrue(handOff.stopped());
        }
        assertEquals(10, delivered.get());
    }

    @Test
    void rethrowsWhatDownstreamThrowsOnClose() {
        IllegalStateException boom = new IllegalStateException("encode failed");
        HandOff handOff = new HandOff(file -> {
            throw boom;
        });
        for (int i = 0; i < HandOff.BATCH && handOff.accept(file(i)); i++) {
            // offer one batch
        }
        assertSame(boom, assertThrows(IllegalStateException.class, handOff::close));
        assertFalse(handOff.accept(file(0)));
    }

    private static SourceFile file(int i) {
        return new SourceFile(ROOT, "f" + i, i, i);
    }
}
