package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A set of 128-bit hashes in one primitive array with open addressing (linear probing, load at
 * most 1/2): 16 bytes per slot, the two halves of a hash side by side (one cache line per probe: a
 * lookup in a table far larger than the CPU cache costs one memory access, not two), so a million
 * jobIds take 32 MB (64 MB for a moment while it grows), against about 150 MB for a
 * {@code HashSet<String>} of the same ids. The pair (0, 0) marks an empty slot; a hash equal to it
 * is stored as (0, 1). Not thread-safe.
 */
public final class Hash128Set {

    /** Slot i is {@code pairs[2i]} (high half), {@code pairs[2i + 1]} (low half). */
    private long[] pairs;
    private int size;
    private int mask;

    public Hash128Set() {
        this(16);
    }

    public Hash128Set(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        pairs = new long[cap * 2];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public boolean contains(long h, long l) {
        if (h == 0 && l == 0) {
            l = 1;
        }
        long[] p = pairs;
        for (int i = slot(h, l); ; i = (i + 1) & mask) {
            long a = p[2 * i];
            long b = p[2 * i + 1];
            if (a == 0 && b == 0) {
                return false;
            }
            if (a == h && b == l) {
                return true;
            }
        }
    }

    /** Adds the hash; false if it was there already. */
    public boolean add(long h, long l) {
        if (h == 0 && l == 0) {
            l = 1;
        }
        long[] p = pairs;
        int i = slot(h, l);
        for (; ; i = (i + 1) & mask) {
            long a = p[2 * i];
            long b = p[2 * i + 1];
            if (a == 0 && b == 0) {
                break;
            }
            if (a == h && b == l) {
                return false;
            }
        }
        p[2 * i] = h;
        p[2 * i + 1] = l;
        if (++size * 2 > mask + 1) {
            grow();
        }
        return true;
    }

    private int slot(long h, long l) {
        return (int) Hash128.fmix(h ^ l) & mask;
    }

    private void grow() {
        long[] old = pairs;
        pairs = new long[old.length * 2];
        mask = (pairs.length / 2) - 1;
        for (int j = 0; j < old.length; j += 2) {
            long h = old[j];
            long l = old[j + 1];
            if (h != 0 || l != 0) {
                int i = slot(h, l);
                while (pairs[2 * i] != 0 || pairs[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                pairs[2 * i] = h;
                pairs[2 * i + 1] = l;
            }
        }
    }

    /** Calls {@code action} with (hi, lo) of every hash. */
    public void forEach(java.util.function.BiConsumer<Long, Long> action) {
        for (int j = 0; j < pairs.length; j += 2) {
            if (pairs[j] != 0 || pairs[j + 1] != 0) {
                action.accept(pairs[j], pairs[j + 1]);
            }
        }
    }

    /** The same bytes as ever: the size, then (hi, lo) of every hash in slot order. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int j = 0; j < pairs.length; j += 2) {
            if (pairs[j] != 0 || pairs[j + 1] != 0) {
                out.writeLong(pairs[j]);
                out.writeLong(pairs[j + 1]);
            }
        }
    }

    public static Hash128Set read(DataInput in) throws IOException {
        int n = in.readInt();
        Hash128Set set = new Hash128Set(n);
        for (int i = 0; i < n; i++) {
            set.add(in.readLong(), in.readLong());
        }
        return set;
    }
}
