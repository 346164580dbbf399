package io.cbn.converter;

import io.cbn.converter.colour.ColourError;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.PaintSelect;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.colour.PaletteFit;
import io.cbn.converter.colour.Quantizer;
import io.cbn.converter.image.ImageLoader;
import io.cbn.converter.image.LoadedImage;
import io.cbn.converter.output.AtomicFileWriter;
import io.cbn.converter.output.Outlines;
import io.cbn.converter.output.PaletteJson;
import io.cbn.converter.output.PdfLayout;
import io.cbn.converter.output.PdfWriter;
import io.cbn.converter.output.RasterRenderer;
import io.cbn.converter.output.SmoothedTemplate;
import io.cbn.converter.output.SvgWriter;
import io.cbn.converter.regions.Components;
import io.cbn.converter.regions.DistanceMap;
import io.cbn.converter.regions.LabelGeometry;
import io.cbn.converter.regions.LabelPlacer;
import io.cbn.converter.regions.PaintableRegions;
import io.cbn.converter.regions.RegionMerger;
import io.cbn.converter.regions.RegionRecolour;
import io.cbn.converter.regions.SpeckleFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The colour-by-numbers engine: one source image in, five files out (NAME.svg, NAME-template.png,
 * NAME-preview.png, NAME-palette.json, NAME.pdf) plus an outcome, metrics and QA flags. Stateless apart from its settings and
 * safe to call from many threads at once; every conversion is single-threaded and deterministic.
 */
public final class Converter {
    private static final System.Logger LOG = System.getLogger(Converter.class.getName());
    /** Mean CIEDE2000 above which a created template carries the HIGH_COLOUR_ERROR QA flag. */
    public static final double HIGH_COLOUR_ERROR = 10.0;
    private static final int MAX_LABEL_ROUNDS = 5;
    private static final int RECOLOUR_ROUNDS = 3;

    /**
     * The brush opening's budget (docs/design.md, "One geometry"): the photo's headroom is how far its colour error
     * before the opening lies under its quantisation error + this much (the guard: the k-means floor + 1.5).
     */
    private static final double HEADROOM_OVER_FLOOR = 1.5;

    private final Settings settings;
    private final ImageLoader loader;

    public Converter(Settings settings) {
        if (settings == null) throw new IllegalArgumentException("settings must not be null");
        this.settings = settings;
        this.loader = new ImageLoader(settings);
    }

    public Settings settings() { return settings; }

    /**
     * Converts source into outDir/{baseName}.svg, {baseName}-template.png, {baseName}-preview.png,
     * {baseName}-palette.json, {baseName}.pdf. Never throws for bad input: REJECTED/FAILED with a Reason and a message naming the file
     * and the cause. Output writes are atomic (temp file in outDir then ATOMIC_MOVE rename), then re-read for
     * bytes+sha256. Failure to write/create outDir gives FAILED IO_ERROR. Unexpected exceptions give FAILED
     * INTERNAL_ERROR.
     */
    public ConversionResult convert(Path source, Path outDir, String baseName) {
        long start = System.nanoTime();
        String name = source == null || source.getFileName() == null ? String.valueOf(source) : source.getFileName().toString();
        Progress p = new Progress();
        try {
            if (source == null || outDir == null || baseName == null || baseName.isBlank()
                    || baseName.contains("/") || baseName.contains("\\") || baseName.startsWith("."))
                throw new ConversionException(Reason.INTERNAL_ERROR, "invalid arguments: source=" + source + " outDir=" + outDir + " baseName=" + baseName);
            return run(source, outDir, baseName, start, p);
        } catch (ConversionException e) {
            return fail(e.reason(), name + ": " + e.getMessage(), start, p);
        } catch (OutOfMemoryError e) {
            return fail(Reason.INTERNAL_ERROR, name + ": out of memory (" + e.getMessage() + ")", start, p);
        } catch (Exception | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "internal error converting " + source, e);
            return fail(Reason.INTERNAL_ERROR, name + ": internal error " + e, start, p);
        } finally {
            Palette.printNumbers(null);
        }
    }

    private ConversionResult run(Path source, Path outDir, String baseName, long start, Progress p) {
        Deadline deadline = Deadline.after(settings.timeout());
        long t = System.nanoTime();
        LoadedImage img = loader.load(source, deadline);
        int w = img.width(), h = img.height();
        boolean animated = img.animated();
        String damage = img.damage();
        p.sourceW = img.sourceWidth(); p.sourceH = img.sourceHeight(); p.w = w; p.h = h;
        p.stage("read", t);

        t = System.nanoTime();
        ColourTable table = ColourTable.build(img.rgb(), deadline);
        img = null; // the pixels live on in the table
        checkNotBlank(table);
        // the print scale of NAME.pdf gives the presets' mm (docs/design.md "One geometry"); a paint set fixes the colours
        PdfLayout layout = new PdfLayout(w, h, settings.paper(), settings.effectiveColors());
        int minRegionPx = settings.effectiveMinRegionPx(layout.pxPerMm());
        Quantizer.Result q = settings.paintSet() == null ? Quantizer.quantize(table, settings.effectiveColors(), deadline)
                : Quantizer.assign(table, PaintSelect.choose(table, settings.paintSet(), settings.effectiveColors(), deadline));
        Palette.printNumbers(q.palette());
        byte[] labels = q.labels(table);
        double floor = ColourError.meanOfAssignment(table, q.assignment(), q.palette(), deadline);
        p.stage("quantize", t);

        t = System.nanoTime();
        // a preset is print-true: 2 mm digits and its smallest region at NAME.pdf's scale; without one, the long side
        // across A4 (297 mm) as TemplateCheck measures, so default digits print at 2 mm x (NAME.pdf's long side / 297 mm):
        // print-true defaults cost 0.06-0.3 mean dE00 on busy photos, over their limits (docs/design.md "One geometry")
        LabelGeometry geo = settings.detail() == null ? new LabelGeometry(w, h) : new LabelGeometry(layout.labelPxPerMm(w, h));
        SpeckleFilter.apply(labels, w, h, table, q.palette(), deadline);
        Components initial = Components.label(labels, w, h, deadline);
        RegionMerger.mergeAll(labels, w, h, initial, table, q.palette(), geo, minRegionPx, deadline);
        initial = null;
        Palette palette = refit(labels, table, q.palette(), false);
        // paintable regions (issue 11 item 2): each part narrower than the brush is handed to its neighbours or kept,
        // by its colour cost and the photo's headroom (then parts under 1.9 mm, from a smaller budget, and a 1.0 mm
        // cleanup); then regions that lost their number's room are merged whole, or with headroom dissolved pixel by pixel
        // (see PaintableRegions)
        double headroom = Math.max(0, floor + HEADROOM_OVER_FLOOR - ColourError.mean(table, labels, palette, deadline));
        PaintableRegions.apply(labels, w, h, table, palette, geo, minRegionPx, headroom, deadline);
        palette = refit(labels, table, palette, false);
        for (int i = 0; i < RECOLOUR_ROUNDS; i++) {
            Components merged = Components.label(labels, w, h, deadline);
            if (RegionRecolour.recolour(labels, w, h, merged, table, palette, geo, deadline) == 0) break;
            palette = refit(labels, table, palette, false);
        }
        palette = refit(labels, table, palette, true);
        p.stage("regions", t);

        t = System.nanoTime();
        Components regions = Components.label(labels, w, h, deadline);
        DistanceMap distances = DistanceMap.of(regions, w, h, null);
        LabelPlacer.Placement placement = LabelPlacer.place(regions, w, h, geo, distances, deadline);
        for (int round = 1; placement.unfit().length > 0 && round < MAX_LABEL_ROUNDS; round++) {
            // renumbering after the palette re-fit can give a region a two-digit number: merge again, re-place
            LOG.log(System.Logger.Level.DEBUG, "round {0}: {1} regions without a fitting label", round, placement.unfit().length);
            RegionMerger.mergeWhole(labels, w, h, regions, table, palette, geo, minRegionPx, deadline);
            palette = refit(labels, table, palette, true);
            regions = Components.label(labels, w, h, deadline);
            distances = DistanceMap.of(regions, w, h, distances); // only the merged regions' distances change
            placement = LabelPlacer.place(regions, w, h, geo, distances, deadline);
        }
        if (placement.unfit().length > 0)
            throw new ConversionException(Reason.TOO_COMPLEX, placement.unfit().length + " of " + regions.count
                    + " regions can not hold a legible number");
        p.stage("labels", t);

        // the one geometry (docs/design.md, "One geometry"): smoothed shared borders; the preview is its fill and
        // the numbers are placed on that preview; SVG, PNGs and PDF all draw it
        t = System.nanoTime();
        SmoothedTemplate smooth = SmoothedTemplate.build(regions, placement, w, h, geo, labels, deadline);
        Outlines outlines = smooth.outlines();
        byte[] painted = smooth.painted();
        Components shown = smooth.shown();
        placement = smooth.placement();
        p.stage("outlines", t);

        t = System.nanoTime();
        List<OutputFile> outputs = new ArrayList<>(5);
        byte[] svg = SvgWriter.write(outlines, regions.colour, placement.labels(), palette, geo.minFontSize, geo.pxPerMm, deadline);
        byte[] template = RasterRenderer.templatePng(outlines, placement.labels(), palette, geo.minFontSize);
        byte[] preview = RasterRenderer.previewPng(painted, w, h, palette);
        double[] wanted = PaintSelect.wantedDe00(painted, table, palette);
        byte[] json = PaletteJson.write(palette, painted, w, h, wanted);
        labels = painted;
        regions = shown;
        deadline.check("write");
        ColourError.Stats error = ColourError.measure(table, labels, palette, deadline);
        p.stage("write", t);
        t = System.nanoTime();
        byte[] pdf = PdfWriter.write(outlines::draw, w, h, placement.labels(), palette, wanted, labels, layout, baseName);
        deadline.check("pdf");
        p.stage("pdf", t);
        t = System.nanoTime();
        try {
            Files.createDirectories(outDir);
            java.util.LinkedHashMap<String, byte[]> files = new java.util.LinkedHashMap<>();
            files.put(baseName + ".svg", svg);
            files.put(baseName + "-template.png", template);
            files.put(baseName + "-preview.png", preview);
            files.put(baseName + "-palette.json", json);
            files.put(baseName + ".pdf", pdf);
            outputs.addAll(AtomicFileWriter.writeAll(outDir, files)); // forced together, then renamed
        } catch (IOException | SecurityException e) {
            throw new ConversionException(Reason.IO_ERROR, "cannot write outputs to " + outDir + ": " + e, e);
        }
        p.stages.merge("write", (System.nanoTime() - t) / 1_000_000, Long::sum);

        int smallest = Integer.MAX_VALUE;
        for (int s : regions.size) smallest = Math.min(smallest, s);
        double fit = (double) placement.labels().size() / regions.count;
        long ms = (System.nanoTime() - start) / 1_000_000;
        Metrics m = new Metrics(p.sourceW, p.sourceH, w, h, palette.size(), regions.count, smallest, fit,
                error.mean(), error.p95(), ms, p.stagesView(), worst(wanted));
        List<String> flags = new ArrayList<>();
        if (animated) flags.add("ANIMATED_FIRST_FRAME");
        if (damage != null) flags.add("DAMAGED_SOURCE");
        if (error.mean() > HIGH_COLOUR_ERROR) flags.add("HIGH_COLOUR_ERROR");
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1} regions, dE00 {2}, {3} ms {4}", source, regions.count, error.mean(), ms, p.stages);
        return new ConversionResult(Outcome.CREATED, null, source.getFileName() + ": created " + w + "x" + h
                + ", " + palette.size() + " colours, " + regions.count + " regions" + paintNote(palette, wanted)
                + (damage == null ? "" : "; damaged source: " + damage), outputs, m, flags);
    }

    /** Palette re-fit to the pixels each colour finally paints; real paints keep their colours, unused ones go. */
    private static Palette refit(byte[] labels, ColourTable table, Palette palette, boolean tune) {
        if (!palette.isPaints()) return PaletteFit.refit(labels, table, palette.size(), tune);
        Palette used = PaintSelect.compact(labels, palette);
        Palette.printNumbers(used);
        return used;
    }

    /** The largest wanted-to-printed CIEDE2000 over the palette, rounded as NAME-palette.json writes it. */
    private static double worst(double[] wanted) {
        double worst = 0;
        for (double d : wanted) worst = Math.max(worst, d);
        return Math.round(worst * 100) / 100.0;
    }

    private String paintNote(Palette palette, double[] wanted) {
        if (!palette.isPaints()) return "";
        double worst = worst(wanted);
        return String.format(java.util.Locale.ROOT, ", paints of %s (worst dE00 wanted-to-paint %.2f)", settings.paintSet().name(), worst);
    }

    /** One colour (or visually one: every colour within 1 CIELAB unit of the mean) is nothing to paint. */
    private static void checkNotBlank(ColourTable t) {
        if (t.size == 1) throw new ConversionException(Reason.BLANK_IMAGE, "image is a single colour " + String.format("#%06x", t.rgb[0]));
        double l = 0, a = 0, b = 0, n = 0;
        for (int i = 0; i < t.size; i++) {
            l += (double) t.count[i] * t.lab[3 * i]; a += (double) t.count[i] * t.lab[3 * i + 1]; b += (double) t.count[i] * t.lab[3 * i + 2];
            n += t.count[i];
        }
        l /= n; a /= n; b /= n;
        for (int i = 0; i < t.size; i++) {
            double dl = t.lab[3 * i] - l, da = t.lab[3 * i + 1] - a, db = t.lab[3 * i + 2] - b;
            if (dl * dl + da * da + db * db > 1.0) return;
        }
        throw new ConversionException(Reason.BLANK_IMAGE, "image is visually one colour (all " + t.size + " colours within 1 CIELAB unit)");
    }

    private static ConversionResult fail(Reason reason, String message, long start, Progress p) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        Metrics m = new Metrics(p.sourceW, p.sourceH, p.w, p.h, 0, 0, 0, 0, 0, 0, ms, p.stagesView());
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}", reason.outcome(), reason, message);
        return ConversionResult.notCreated(reason, message, m);
    }

    /** What is known so far, for the metrics of a conversion that stops early. */
    private static final class Progress {
        int sourceW, sourceH, w, h;
        final Map<String, Long> stages = new LinkedHashMap<>();

        Map<String, Long> stagesView() { return Collections.unmodifiableMap(new LinkedHashMap<>(stages)); }

        void stage(String key, long startNanos) { stages.put(key, (System.nanoTime() - startNanos) / 1_000_000); }
    }
}
