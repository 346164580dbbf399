package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A set of 64-bit hashes, open addressing in one primitive array (0 is stored as 1). Not thread-safe. */
public final class LongHashSet {

    private long[] slots;
    private int size;
    private int mask;

    public LongHashSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    /** Adds the hash; false if it was there already. */
    public boolean add(long v) {
        if (v == 0) {
            v = 1;
        }
        int i = (int) Hash128.fmix(v) & mask;
        for (; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return false;
            }
        }
        slots[i] = v;
        if (++size * 2 > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            mask = slots.length - 1;
            for (long o : old) {
                if (o != 0) {
                    int j = (int) Hash128.fmix(o) & mask;
                    while (slots[j] != 0) {
                        j = (j + 1) & mask;
                    }
                    slots[j] = o;
                }
            }
        }
        return true;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (long v : slots) {
            if (v != 0) {
                out.writeLong(v);
            }
        }
    }

    public static LongHashSet read(DataInput in) throws IOException {
        int n = in.readInt();
        LongHashSet set = new LongHashSet(n);
        for (int i = 0; i < n; i++) {
            set.add(in.readLong());
        }
        return set;
    }
}
