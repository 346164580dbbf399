package io.cbn.converter.colour;

/**
 * CIEDE2000 from a distinct colour of a {@link ColourTable} to a palette entry as painted, memoised in a
 * direct-mapped cache (at most 2^21 slots, 16 MB): the region passes ask for the same (colour, entry) pairs many
 * times, and one CIEDE2000 costs about as much as twenty Euclidean distances.
 */
public final class PerceptualCost {
    private static final int MAX_SLOTS = 1 << 21;

    private final ColourTable table;
    private final Palette palette;
    private final int k, shift;
    private final int[] keys;
    private final float[] values;

    public PerceptualCost(ColourTable table, Palette palette) {
        this.table = table;
        this.palette = palette;
        this.k = palette.size();
        long wanted = Math.max(1024L, (long) table.size * k);
        int slots = (int) Math.min(MAX_SLOTS, Long.highestOneBit(wanted - 1) << 1);
        this.shift = 32 - Integer.numberOfTrailingZeros(slots);
        this.keys = new int[slots];
        this.values = new float[slots];
    }

    public Palette palette() { return palette; }

    /** CIEDE2000 between distinct colour {@code colour} of the table and palette entry {@code entry}. */
    public double de(int colour, int entry) {
        int key = colour * k + entry + 1; // 0 marks an empty slot; colour * k stays below 2^31 (<= 2^24 colours, k <= 64)
        int slot = (key * 0x9E3779B1) >>> shift;
        if (keys[slot] == key) return values[slot];
        int ci = 3 * colour;
        float d = (float) palette.de00(table.lab[ci], table.lab[ci + 1], table.lab[ci + 2], entry);
        keys[slot] = key;
        values[slot] = d;
        return d;
    }
}
