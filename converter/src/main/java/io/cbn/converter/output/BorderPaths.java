package io.cbn.converter.output;

import io.cbn.converter.Deadline;

/**
 * Today's border geometry ({@link BorderTracer}'s shared pixel-edge borders) emitted through {@link PathSink}, so the
 * PDF draws exactly the lines of the SVG (docs/design.md, "One geometry"). A small adapter: it reads the tracer's path
 * data ("M x y" then relative h/v runs) back as moveTo/lineTo. When the outlines come from the smoothed geometry,
 * its emitter replaces this class at the one call site in Converter.
 */
public final class BorderPaths {
    private BorderPaths() { }

    public static void emit(int[] comp, int w, int h, PathSink sink, Deadline deadline) {
        emitPathData(BorderTracer.trace(comp, w, h, deadline), sink);
    }

    /** Feeds SVG path data made of M (absolute) and h/v (relative) commands with integer arguments to a sink. */
    static void emitPathData(String d, PathSink sink) {
        int n = d.length(), i = 0;
        long x = 0, y = 0;
        while (i < n) {
            char c = d.charAt(i++);
            if (c == 'M') {
                int[] at = {i};
                x = number(d, at);
                while (at[0] < n && d.charAt(at[0]) == ' ') at[0]++;
                y = number(d, at);
                i = at[0];
                sink.moveTo(x, y);
            } else if (c == 'h' || c == 'v') {
                int[] at = {i};
                long v = number(d, at);
                i = at[0];
                if (c == 'h') x += v; else y += v;
                sink.lineTo(x, y);
            } else if (c != ' ') {
                throw new IllegalArgumentException("unexpected path command '" + c + "' at " + (i - 1));
            }
        }
    }

    private static long number(String d, int[] at) {
        int i = at[0];
        boolean neg = i < d.length() && d.charAt(i) == '-';
        if (neg) i++;
        long v = 0;
        while (i < d.length() && Character.isDigit(d.charAt(i))) v = v * 10 + (d.charAt(i++) - '0');
        at[0] = i;
        return neg ? -v : v;
    }
}
