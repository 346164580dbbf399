package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checkpoint encoding helpers: nullable strings and instants, lists, count maps. */
public final class Io {

    private Io() {
    }

    public static void str(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    public static String str(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void instant(DataOutput out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    public static Instant instant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    public static void strings(DataOutput out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            str(out, s);
        }
    }

    public static List<String> strings(DataInput in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(str(in));
        }
        return list;
    }

    public static void counts(DataOutput out, Map<String, Long> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            str(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    public static TreeMap<String, Long> counts(DataInput in) throws IOException {
        int n = in.readInt();
        TreeMap<String, Long> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(str(in), in.readLong());
        }
        return map;
    }

    public static void nullableLong(DataOutput out, Long v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    public static Long nullableLong(DataInput in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
