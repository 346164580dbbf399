package io.cbn.converter.cli;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Detail;
import io.cbn.converter.Paper;
import io.cbn.converter.colour.PaintSet;
import io.cbn.converter.Converter;
import io.cbn.converter.Metrics;
import io.cbn.converter.Outcome;
import io.cbn.converter.OutputNames;
import io.cbn.converter.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code convert FILE... --out DIR}: converts images without Kafka, several at once. Prints one line per file in
 * argument order; exit code 0 when every file was CREATED, 1 when any was REJECTED or FAILED, 2 on a usage error.
 */
@Command(name = "cbn convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Turns photos into colour-by-numbers templates: NAME.svg, NAME-template.png, NAME-preview.png, NAME-palette.json, NAME.pdf.")
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images to convert.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--colors", paramLabel = "N", description = "Palette size, 2..64 (default: ${DEFAULT-VALUE}).")
    int colors = Settings.DEFAULT_COLORS;

    @Option(names = "--max-size", paramLabel = "PX", description = "Long side of the template in px, 0 = source size, never upscaled (default: ${DEFAULT-VALUE}).")
    int maxSize = Settings.DEFAULT_MAX_SIZE;

    @Option(names = "--min-region-px", paramLabel = "N", description = "Smallest region to keep, 0 = derive from label legibility (default: ${DEFAULT-VALUE}).")
    int minRegionPx = 0;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Reject sources declaring more pixels (default: ${DEFAULT-VALUE}).")
    long maxPixels = Settings.DEFAULT_MAX_PIXELS;

    @Option(names = "--paper", paramLabel = "A4|A3|Letter", description = "Paper of NAME.pdf; the picture is printed as large as fits, at true scale (default: A4).")
    String paper = "A4";

    @Option(names = "--detail", paramLabel = "easy|medium|hard", description = "Difficulty preset: easy 12 colours, regions >= 8 mm; medium 16, >= 5 mm; hard 24, >= 3 mm (replaces --colors and --min-region-px; default: none).")
    String detail;

    @Option(names = "--paint-set", paramLabel = "FILE", description = "Restrict the palette to these paints (CSV number,name,hex or JSON), or a built-in set: "
            + "citadel-base (48 paints), citadel-layer (80). The template prints the set's own numbers.")
    String paintSet;

    @Option(names = "--threads", paramLabel = "N", description = "Files converted in parallel (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--stages", description = "Also print each file's stage times in ms (read, quantize, regions, labels, outlines, write, pdf).")
    boolean stages;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new ConvertCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Settings settings;
        try {
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            // named as typed, the same messages as cbn enqueue's (Settings' own name the record's fields)
            for (String problem : new String[] {Settings.COLORS.problem("--colors", colors),
                    Settings.MAX_SIZE.problem("--max-size", maxSize), Settings.MIN_REGION_PX.problem("--min-region-px", minRegionPx),
                    Settings.MAX_PIXELS.problem("--max-pixels", maxPixels)})
                if (problem != null) throw new IllegalArgumentException(problem);
            settings = new Settings(colors, maxSize, minRegionPx, maxPixels, Settings.DEFAULT_MAX_BYTES,
                    Settings.DEFAULT_MIN_SIDE, Settings.DEFAULT_TIMEOUT, Paper.parse(paper), Detail.parse(detail), paints(paintSet));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        io.cbn.converter.output.PdfWriter.warmUpInBackground();
        Converter converter = new Converter(settings);
        PrintWriter outw = spec.commandLine().getOut();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), r -> {
            Thread t = new Thread(r, "convert");
            t.setDaemon(true);
            return t;
        });
        boolean allCreated = true;
        try {
            List<Future<ConversionResult>> results = new ArrayList<>();
            List<String> names = baseNames(files);
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                String name = names.get(i);
                results.add(pool.submit(() -> converter.convert(f, out, name)));
            }
            for (int i = 0; i < files.size(); i++) {
                ConversionResult r = results.get(i).get();
                allCreated &= r.outcome() == Outcome.CREATED;
                outw.println(line(files.get(i), r) + (stages ? "  stages=" + r.metrics().stageMs() : ""));
                outw.flush();
            }
        } finally {
            pool.shutdownNow();
        }
        return allCreated ? 0 : 1;
    }

    /** A paint set from a file, or by the name of a built-in set; null for none. */
    static PaintSet paints(String arg) {
        if (arg == null || arg.isBlank()) return null;
        Path f = Path.of(arg);
        if (java.nio.file.Files.isRegularFile(f)) {
            try {
                return PaintSet.read(f);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read paint set " + f + ": " + e.getMessage());
            }
        }
        if (arg.matches("[A-Za-z0-9_-]+")) return PaintSet.builtin(arg);
        throw new IllegalArgumentException("paint set file not found: " + f);
    }

    /**
     * Output base names, one per file: {@link OutputNames#baseName}, and since every file writes into the one --out
     * directory, a name given twice (photo.jpg from two folders) gets "~2", "~3" on its later uses.
     */
    static List<String> baseNames(List<Path> files) {
        java.util.Set<String> used = new java.util.HashSet<>();
        List<String> names = new ArrayList<>(files.size());
        for (Path f : files) {
            String base = OutputNames.baseName(f), name = base;
            for (int k = 2; !used.add(name); k++) name = base + "~" + k;
            names.add(name);
        }
        return names;
    }

    static String line(Path f, ConversionResult r) {
        Metrics m = r.metrics();
        String reason = r.reason() == null ? "-" : r.reason().name();
        if (r.outcome() != Outcome.CREATED)
            return String.format(Locale.ROOT, "%-8s %-18s %6d ms  %s", r.outcome(), reason, m.durationMs(), r.message());
        return String.format(Locale.ROOT, "%-8s %-18s %6d ms  regions=%d labelFit=%.1f%% dE00=%.2f p95=%.2f %dx%d%s  %s",
                r.outcome(), reason, m.durationMs(), m.regions(), 100 * m.labelFit(), m.deltaE00Mean(), m.deltaE00P95(),
                m.width(), m.height(), r.qaFlags().isEmpty() ? "" : " qa=" + String.join(",", r.qaFlags()), f);
    }
}
