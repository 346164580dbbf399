package io.cbn.converter.colour;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Lloyd with Hamerly's bounds gives the centres of plain Lloyd (every point scanned every iteration), bit for bit. */
class LloydBoundsTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));

    @Test
    void sameCentresAsPlainLloyd() {
        Random rnd = new Random(42);
        for (int t = 0; t < 30; t++) {
            int m = 50 + rnd.nextInt(5000), k = 1 + rnd.nextInt(24);
            float[] pts = new float[3 * m];
            int clusters = 1 + rnd.nextInt(30);
            for (int i = 0; i < m; i++) { // clustered CIELAB-like points, some repeated exactly (ties)
                int c = rnd.nextInt(clusters);
                double spread = t % 3 == 0 ? 0.5 : 8;
                pts[3 * i] = (float) (c * 3.1 % 100 + rnd.nextGaussian() * spread);
                pts[3 * i + 1] = (float) (c * 17.3 % 80 - 40 + rnd.nextGaussian() * spread);
                pts[3 * i + 2] = (float) (c * 29.9 % 80 - 40 + rnd.nextGaussian() * spread);
                if (i > 0 && rnd.nextInt(5) == 0) System.arraycopy(pts, 3 * rnd.nextInt(i), pts, 3 * i, 3);
            }
            double[] got = Quantizer.lloyd(pts, m, k, new Random(Quantizer.SEED + t), FOREVER);
            double[] want = plainLloyd(pts, m, k, new Random(Quantizer.SEED + t));
            assertArrayEquals(want, got, 0.0, "set " + t + ": m=" + m + " k=" + k);
        }
    }

    /** The k-means++ seeding and Lloyd iterations of Quantizer before the bounds: every point to its nearest centre. */
    private static double[] plainLloyd(float[] pts, int m, int k, Random rnd) {
        double[] c = new double[k * 3];
        int first = rnd.nextInt(m);
        for (int q = 0; q < 3; q++) c[q] = pts[3 * first + q];
        double[] d2 = new double[m];
        Arrays.fill(d2, Double.MAX_VALUE);
        for (int j = 1; j < k; j++) {
            double tot = 0;
            for (int i = 0; i < m; i++) {
                double dl = pts[3 * i] - c[3 * (j - 1)], da = pts[3 * i + 1] - c[3 * (j - 1) + 1], db = pts[3 * i + 2] - c[3 * (j - 1) + 2];
                double d = dl * dl + da * da + db * db;
                if (d < d2[i]) d2[i] = d;
                tot += d2[i];
            }
            double r = rnd.nextDouble() * tot;
            int pick = 0;
            for (double acc = 0; pick < m - 1; pick++) { acc += d2[pick]; if (acc >= r) break; }
            for (int q = 0; q < 3; q++) c[3 * j + q] = pts[3 * pick + q];
        }
        int[] as = new int[m];
        double[] sum = new double[k * 3];
        int[] cnt = new int[k];
        for (int it = 0; it < 25; it++) {
            Arrays.fill(sum, 0);
            Arrays.fill(cnt, 0);
            boolean changed = false;
            for (int i = 0; i < m; i++) {
                int b = 0;
                double bd = Double.MAX_VALUE;
                for (int j = 0; j < k; j++) {
                    double dl = pts[3 * i] - c[3 * j], da = pts[3 * i + 1] - c[3 * j + 1], db = pts[3 * i + 2] - c[3 * j + 2];
                    double d = dl * dl + da * da + db * db;
                    if (d < bd) { bd = d; b = j; }
                }
                if (b != as[i] || it == 0) { as[i] = b; changed = true; }
                cnt[b]++;
                sum[3 * b] += pts[3 * i]; sum[3 * b + 1] += pts[3 * i + 1]; sum[3 * b + 2] += pts[3 * i + 2];
            }
            for (int j = 0; j < k; j++)
                if (cnt[j] > 0) for (int q = 0; q < 3; q++) c[3 * j + q] = sum[3 * j + q] / cnt[j];
            if (!changed) break;
        }
        return c;
    }
}
