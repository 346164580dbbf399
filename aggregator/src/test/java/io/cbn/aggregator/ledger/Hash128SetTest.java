package io.cbn.aggregator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The primitive set keeps exactly the hashes a HashSet would, through growth and a checkpoint round trip. */
class Hash128SetTest {

    @Test
    void sameMembersAsAHashSetThroughGrowthAndWriteRead() throws Exception {
        Random random = new Random(8);
        Hash128Set set = new Hash128Set();
        Set<List<Long>> expected = new HashSet<>();
        long[][] special = {{0, 0}, {0, 1}, {1, 0}, {-1, -1}};
        for (long[] s : special) {
            assertEquals(expected.add(List.of(s[0], s[1] == 0 && s[0] == 0 ? 1L : s[1])), set.add(s[0], s[1]));
        }
        for (int i = 0; i < 200_000; i++) {
            long h = random.nextInt(1000) == 0 ? 0 : random.nextLong();
            long l = random.nextInt(50_000);
            assertEquals(expected.add(List.of(h, l)), set.add(h, l), "add " + h + "," + l);
        }
        assertEquals(expected.size(), set.size());
        for (List<Long> e : expected) {
            assertTrue(set.contains(e.get(0), e.get(1)));
            assertFalse(set.add(e.get(0), e.get(1)));
        }
        assertFalse(set.contains(12345, -987654321));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.write(new DataOutputStream(bytes));
        Hash128Set back = Hash128Set.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(set.size(), back.size());
        Set<List<Long>> seen = new HashSet<>();
        back.forEach((h, l) -> seen.add(List.of(h, l)));
        assertEquals(expected, seen);
    }
}
