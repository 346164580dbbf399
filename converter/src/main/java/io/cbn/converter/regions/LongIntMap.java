package io.cbn.converter.regions;

import java.util.Arrays;

/** Open-addressing hash counter from non-negative long keys to int counts (no boxing). */
final class LongIntMap {
    interface Visitor { void visit(long key, int value); }

    private long[] keys;
    private int[] vals;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        vals = new int[cap];
        Arrays.fill(keys, -1L);
    }

    void add(long key) {
        int mask = keys.length - 1, s = mix(key) & mask;
        while (true) {
            long k = keys[s];
            if (k == key) { vals[s]++; return; }
            if (k == -1L) {
                keys[s] = key; vals[s] = 1;
                if (++size * 2 > keys.length) grow();
                return;
            }
            s = (s + 1) & mask;
        }
    }

    void forEach(Visitor v) {
        for (int i = 0; i < keys.length; i++) if (keys[i] != -1L) v.visit(keys[i], vals[i]);
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = vals;
        keys = new long[ok.length * 2];
        vals = new int[ok.length * 2];
        Arrays.fill(keys, -1L);
        int mask = keys.length - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == -1L) continue;
            int s = mix(ok[i]) & mask;
            while (keys[s] != -1L) s = (s + 1) & mask;
            keys[s] = ok[i]; vals[s] = ov[i];
        }
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }
}
