package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A set of 128-bit hashes in two primitive arrays with open addressing (linear probing, load at
 * most 1/2): 16 bytes per slot, so a million jobIds take 32 MB (64 MB for a moment while it
 * grows), against about 150 MB for a {@code HashSet<String>} of the same ids. The pair (0, 0)
 * marks an empty slot; a hash equal to it is stored as (0, 1). Not thread-safe.
 */
public final class Hash128Set {

    private long[] hi;
    private long[] lo;
    private int size;
    private int mask;

    public Hash128Set() {
        this(16);
    }

    public Hash128Set(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hi = new long[cap];
        lo = new long[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public boolean contains(long h, long l) {
        if (h == 0 && l == 0) {
            l = 1;
        }
        for (int i = slot(h, l); ; i = (i + 1) & mask) {
            if (hi[i] == 0 && lo[i] == 0) {
                return false;
            }
            if (hi[i] == h && lo[i] == l) {
                return true;
            }
        }
    }

    /** Adds the hash; false if it was there already. */
    public boolean add(long h, long l) {
        if (h == 0 && l == 0) {
            l = 1;
        }
        int i = slot(h, l);
        for (; ; i = (i + 1) & mask) {
            if (hi[i] == 0 && lo[i] == 0) {
                break;
            }
            if (hi[i] == h && lo[i] == l) {
                return false;
            }
        }
        hi[i] = h;
        lo[i] = l;
        if (++size * 2 > hi.length) {
            grow();
        }
        return true;
    }

    private int slot(long h, long l) {
        return (int) Hash128.fmix(h ^ l) & mask;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        hi = new long[oldHi.length * 2];
        lo = new long[oldLo.length * 2];
        mask = hi.length - 1;
        for (int j = 0; j < oldHi.length; j++) {
            long h = oldHi[j];
            long l = oldLo[j];
            if (h != 0 || l != 0) {
                int i = slot(h, l);
                while (hi[i] != 0 || lo[i] != 0) {
                    i = (i + 1) & mask;
                }
                hi[i] = h;
                lo[i] = l;
            }
        }
    }

    /** Calls {@code action} with (hi, lo) of every hash. */
    public void forEach(java.util.function.BiConsumer<Long, Long> action) {
        for (int i = 0; i < hi.length; i++) {
            if (hi[i] != 0 || lo[i] != 0) {
                action.accept(hi[i], lo[i]);
            }
        }
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < hi.length; i++) {
            if (hi[i] != 0 || lo[i] != 0) {
                out.writeLong(hi[i]);
                out.writeLong(lo[i]);
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
