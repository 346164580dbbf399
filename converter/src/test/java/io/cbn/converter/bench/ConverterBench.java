package io.cbn.converter.bench;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Converter;
import io.cbn.converter.Deadline;
import io.cbn.converter.Metrics;
import io.cbn.converter.Outcome;
import io.cbn.converter.Settings;
import io.cbn.converter.image.ImageLoader;
import io.cbn.converter.image.LoadedImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the converter on sample photos (run by bench/run-converter-bench.sh, on the test classpath).
 * Per photo: warm-up conversions, then the median of timed runs (wall total and per stage, and the converting
 * thread's CPU time, which stays honest when the machine is shared), regions, label fit and
 * CIEDE2000 as the converter reports them, peak heap, and TemplateCheck's independent verdict (fit, dE00, floor) on
 * the outputs with the source written as a PNG at the preview size. With --fast-pbn it also times fast-pbn on the
 * same 1 MP photos (k=16, facets >= 20 px, no resize) against our converter with the same settings.
 *
 * Usage: ConverterBench --out DIR --check TemplateCheck.java [--fast-pbn BIN] [--runs N] [--warmup N]
 *        [--pbn FILE]... FILE...
 */
public final class ConverterBench {
    private ConverterBench() { }

    public static void main(String[] args) throws Exception {
        Path out = null, check = null, fastPbn = null;
        int runs = 5, warmup = 4;
        List<Path> files = new ArrayList<>(), pbn = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--check" -> check = Path.of(args[++i]);
                case "--fast-pbn" -> fastPbn = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--pbn" -> pbn.add(Path.of(args[++i]));
                default -> files.add(Path.of(args[i]));
            }
        }
        if (out == null) throw new IllegalArgumentException("--out DIR is required");
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "# java %s, %d cpu(s) visible, max heap %d MB, %d timed runs after %d warm-up runs (median)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, runs, warmup);

        Settings d = Settings.defaults();
        // a generous time limit: on a loaded machine wall time runs far ahead of CPU time (the figure compared)
        Settings defaults = new Settings(d.colors(), d.maxSize(), d.minRegionPx(), d.maxPixels(), d.maxBytes(), d.minSide(),
                java.time.Duration.ofMinutes(10), d.paper(), d.detail(), d.paintSet());
        System.out.println("## default settings (16 colours, long side 1600, legibility-derived min region)");
        System.out.println(String.format(Locale.ROOT, "%-40s %6s %9s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s %6s %6s %6s | %s",
                "file", "srcMP", "size", "wall", "cpu", "read", "quant", "region", "label", "outl", "write", "pdf", "regns", "fit%", "dE00", "p95", "heapMB",
                "TemplateCheck: fit dE00 p95 floor minDigitMm"));
        for (Path f : files) bench(f, defaults, out, check, runs, warmup);

        if (!pbn.isEmpty()) {
            Settings pbnSettings = defaults.withMaxSize(0).withMinRegionPx(20);
            System.out.println("## fast-pbn comparison (16 colours, min region 20 px, no resize)");
            for (Path f : pbn) {
                Row r = bench(f, pbnSettings, out, check, runs, warmup);
                if (fastPbn != null && r != null) compare(f, r, fastPbn, out);
            }
        }
    }

    record Row(long totalMs, long cpuMs, Metrics m) { }

    private static Row bench(Path f, Settings s, Path out, Path check, int runs, int warmup) throws Exception {
        Converter conv = new Converter(s);
        String base = baseName(f) + (s.maxSize() == 0 ? "-full" : "");
        for (int i = 0; i < warmup; i++) conv.convert(f, out, base);
        long[] totals = new long[runs], cpus = new long[runs];
        Metrics[] ms = new Metrics[runs];
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long peak = 0;
        ConversionResult last = null;
        for (int i = 0; i < runs; i++) {
            System.gc();
            resetPeaks();
            long cpu0 = tm.getCurrentThreadCpuTime();
            last = conv.convert(f, out, base);
            cpus[i] = (tm.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            peak = Math.max(peak, peakHeap());
            if (last.outcome() != Outcome.CREATED) {
                System.out.println(f.getFileName() + ": " + last.outcome() + " " + last.reason() + " " + last.message());
                return null;
            }
            totals[i] = last.metrics().durationMs();
            ms[i] = last.metrics();
        }
        Integer[] order = new Integer[runs];
        for (int i = 0; i < runs; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(totals[a], totals[b]));
        Metrics med = ms[order[runs / 2]];
        long[] sortedCpu = cpus.clone();
        Arrays.sort(sortedCpu);
        long cpu = sortedCpu[runs / 2];
        Map<String, Long> st = med.stageMs();
        String verdict = check == null ? "-" : templateCheck(check, f, s, out, base);
        System.out.println(String.format(Locale.ROOT, "%-40s %6.1f %9s %6d %6d %6d %6d %6d %6d %6d %6d %6d %6d %5.1f %6.2f %6.2f %6d | %s",
                f.getFileName(), med.sourceWidth() * (double) med.sourceHeight() / 1e6, med.width() + "x" + med.height(),
                med.durationMs(), cpu, st.get("read"), st.get("quantize"), st.get("regions"), st.get("labels"), st.getOrDefault("outlines", 0L), st.get("write"), st.get("pdf"),
                med.regions(), 100 * med.labelFit(), med.deltaE00Mean(), med.deltaE00P95(), peak >> 20, verdict));
        return new Row(med.durationMs(), cpu, med);
    }

    /** Writes the source at preview size as PNG, runs TemplateCheck on it, and extracts its key numbers. */
    private static String templateCheck(Path check, Path f, Settings s, Path out, String base) throws Exception {
        LoadedImage img = new ImageLoader(s).load(f, Deadline.after(s.timeout()));
        BufferedImage orig = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        orig.setRGB(0, 0, img.width(), img.height(), img.rgb(), 0, img.width());
        Path origPng = out.resolve(base + "-orig.png");
        ImageIO.write(orig, "png", origPng.toFile());
        String json = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), check.toString(),
                origPng.toString(), out.resolve(base + "-preview.png").toString(), out.resolve(base + ".svg").toString()), 600);
        return String.format(Locale.ROOT, "%s %s %s %s %s", field(json, "fitRatio"), field(json, "dE00mean"),
                field(json, "dE00p95"), field(json, "dE00floor"), field(json, "minDigitMm"));
    }

    private static void compare(Path f, Row ours, Path fastPbn, Path out) throws Exception {
        Path dir = Files.createDirectories(out.resolve("fast-pbn-" + baseName(f)));
        List<String> cmd = List.of(fastPbn.toString(), "-i", f.toString(), "-o", dir.toString(), "-k", "16",
                "--remove-facets-smaller-than", "20", "--no-resize", "--quiet");
        run(cmd, 600); // warm the file cache and node's compile cache
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t = System.nanoTime();
            run(cmd, 600);
            best = Math.min(best, (System.nanoTime() - t) / 1_000_000);
        }
        System.out.println(String.format(Locale.ROOT, "%-40s fast-pbn %6d ms (best of 2, process wall, same core)   cbn wall %5d ms / cpu %5d ms (median, warm JVM)   ratio cbn/fast-pbn = 1/%.1f (wall), 1/%.1f (cbn cpu)",
                f.getFileName(), best, ours.totalMs(), ours.cpuMs(), (double) best / Math.max(1, ours.totalMs()), (double) best / Math.max(1, ours.cpuMs())));
    }

    private static String run(List<String> cmd, int timeoutS) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] o = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IOException("timeout: " + cmd); }
        return new String(o, StandardCharsets.UTF_8);
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.]+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) b.resetPeakUsage();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans())
            if (b.getType() == MemoryType.HEAP && b.getPeakUsage() != null) sum += b.getPeakUsage().getUsed();
        return sum;
    }

    private static String baseName(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
