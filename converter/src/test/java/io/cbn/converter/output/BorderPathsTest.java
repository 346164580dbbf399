package io.cbn.converter.output;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PDF's outlines are the SVG's: BorderPaths emits exactly the tracer's path through PathSink (docs/design.md, "One geometry"). */
class BorderPathsTest {
    @Test
    void sinkReceivesTheSvgPathSegmentForSegment() {
        int w = 61, h = 43;
        int[] comp = new int[w * h];
        Random r = new Random(7);
        for (int i = 0; i < comp.length; i++) comp[i] = (i % w) / 9 + 7 * ((i / w) / 6) + (r.nextInt(12) == 0 ? 100 : 0);
        Deadline forever = Deadline.after(Duration.ofMinutes(1));
        String d = BorderTracer.trace(comp, w, h, forever);

        StringBuilder rebuilt = new StringBuilder();
        long[] at = new long[2];
        int[] edges = {0};
        BorderPaths.emit(comp, w, h, new PathSink() {
            @Override public void moveTo(double x, double y) {
                rebuilt.append('M').append((long) x).append(' ').append((long) y);
                at[0] = (long) x; at[1] = (long) y;
            }
            @Override public void lineTo(double x, double y) {
                long dx = (long) x - at[0], dy = (long) y - at[1];
                assertTrue((dx == 0) != (dy == 0), "axis-aligned runs");
                rebuilt.append(dx != 0 ? "h" + dx : "v" + dy);
                edges[0] += (int) (Math.abs(dx) + Math.abs(dy));
                at[0] = (long) x; at[1] = (long) y;
            }
            @Override public void curveTo(double a, double b, double c, double e, double x, double y) { throw new AssertionError("no curves yet"); }
            @Override public void closePath() { }
        }, forever);
        assertEquals(d, rebuilt.toString());

        int borders = 0; // every unit edge between two different regions, once
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (x > 0 && comp[y * w + x] != comp[y * w + x - 1]) borders++;
                if (y > 0 && comp[y * w + x] != comp[(y - 1) * w + x]) borders++;
            }
        assertEquals(borders, edges[0]);
    }
}
