package io.cbn.converter.regions;

import java.util.Arrays;

/**
 * The regrowth's queue ({@link BrushOpening}): entries keyed (primary, secondary), both 0..1023, taken smallest key
 * first and, among equal keys, first in first out: the order of a binary heap keyed (primary, secondary, insertion
 * number), which it replaced (docs/design.md "Speed"), at a constant cost per entry instead of a logarithmic one.
 * One first-in-first-out list per key in use, made when first needed; a cursor per level that only a smaller key pushed
 * moves back.
 */
final class BucketQueue {
    static final int KEYS = 1024;
    private final Level[] levels = new Level[KEYS];
    private final int[] count = new int[KEYS];
    private int cursor = KEYS, size;

    int size() { return size; }

    void push(int primary, int secondary, int item) {
        Level l = levels[primary];
        if (l == null) l = levels[primary] = new Level();
        l.push(secondary, item);
        count[primary]++;
        size++;
        if (primary < cursor) cursor = primary;
    }

    /** The item of the smallest key, the first pushed among equals; only when {@link #size()} > 0. */
    int pop() {
        while (count[cursor] == 0) cursor++;
        count[cursor]--;
        size--;
        return levels[cursor].pop();
    }

    /** The lists of one primary key, by secondary key. */
    private static final class Level {
        int[][] items = new int[8][];
        int[] head = new int[8], tail = new int[8];
        int cursor = Integer.MAX_VALUE;

        void push(int key, int item) {
            if (key >= items.length) {
                int len = Math.max(key + 1, items.length * 2);
                items = Arrays.copyOf(items, len); head = Arrays.copyOf(head, len); tail = Arrays.copyOf(tail, len);
            }
            int[] a = items[key];
            if (a == null) a = items[key] = new int[16];
            else if (tail[key] == a.length) a = items[key] = Arrays.copyOf(a, a.length * 2);
            a[tail[key]++] = item;
            if (key < cursor) cursor = key;
        }

        int pop() {
            while (head[cursor] == tail[cursor]) cursor++;
            int item = items[cursor][head[cursor]++];
            if (head[cursor] == tail[cursor]) head[cursor] = tail[cursor] = 0; // empty: reuse from the start
            return item;
        }
    }
}
