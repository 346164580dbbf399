package io.cbn.converter.regions;

import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bucket queue gives the order of a heap keyed (primary, secondary, insertion number), pushes and pops mixed. */
class BucketQueueTest {

    @Test
    void popsInTheOrderOfAHeapOnKeyThenInsertion() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            BucketQueue q = new BucketQueue();
            PriorityQueue<long[]> ref = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            int pushed = 0, popped = 0;
            int span = round % 2 == 0 ? 8 : BucketQueue.KEYS; // many equal keys, or keys over the whole range
            for (int op = 0; op < 20_000; op++) {
                if (ref.isEmpty() || rnd.nextInt(3) > 0) {
                    int p = rnd.nextInt(span), s = rnd.nextInt(span);
                    q.push(p, s, pushed);
                    ref.add(new long[]{(long) p * BucketQueue.KEYS + s, pushed});
                    pushed++;
                } else {
                    assertEquals(ref.poll()[1], q.pop(), "round " + round + " pop " + popped++);
                }
                assertEquals(ref.size(), q.size());
            }
            while (!ref.isEmpty()) assertEquals(ref.poll()[1], q.pop(), "round " + round + " draining");
            assertEquals(0, q.size());
        }
    }
}
