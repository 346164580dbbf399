package io.cbn.converter.bench;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Converter;
import io.cbn.converter.PaintabilityChecker;
import io.cbn.converter.Settings;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Quick loop for issue 11 tuning: converts FILEs at default settings into DIR, prints slivers, stairs, dE00, cpu. */
public final class PaintTune {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Settings d = Settings.defaults();
        Converter c = new Converter(new Settings(d.colors(), d.maxSize(), d.minRegionPx(), d.maxPixels(), d.maxBytes(), d.minSide(),
                java.time.Duration.ofMinutes(10), d.paper(), d.detail(), d.paintSet()));
        var tm = ManagementFactory.getThreadMXBean();
        for (int i = 1; i < args.length; i++) {
            Path f = Path.of(args[i]);
            String n = f.getFileName().toString(), base = n.substring(0, n.lastIndexOf('.'));
            long cpu0 = tm.getCurrentThreadCpuTime();
            ConversionResult r = c.convert(f, out, base);
            long cpu = (tm.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            if (r.metrics() == null || r.metrics().regions() == 0) { System.out.println(base + " " + r.outcome() + " " + r.message()); continue; }
            PaintabilityChecker.Report p = PaintabilityChecker.check(out.resolve(base + "-preview.png"), out.resolve(base + ".svg"));
            System.out.println(String.format(Locale.ROOT, "%-40s regions %5d s1 %6.2f%% s2 %6.2f%% stair %.3f dE %.3f cpu %d",
                    base, r.metrics().regions(), 100 * p.sliver1mm(), 100 * p.sliver2mm(), p.stairSteps(), r.metrics().deltaE00Mean(), cpu));
        }
    }
}
