package io.cbn.converter.output;

import io.cbn.converter.Paper;

/**
 * Where a template goes on paper: orientation from the picture (landscape when wider than tall), the picture as large
 * as fits inside {@link Paper#MARGIN_MM} margins at one scale in both directions, the footer below it, and the legend
 * in rows below the picture when that costs the picture no size (the picture is limited by the page's width), else on
 * a page of its own after the preview ({@link #legendBelow} false), the footer then below the picture or, turned, beside it,
 whichever lets the picture be larger. {@link #pxPerMm} is the template's true print
 * scale: what the PDF prints at 100%, and the scale the numbers are sized for (docs/design.md, "One geometry").
 */
public final class PdfLayout {
    static final double ENTRY_MM = 62, ROW_MM = 5.5, GAP_MM = 4, FOOT_MM = 4, SWATCH_MM = 4.2;

    public final Paper paper;
    public final boolean landscape;
    /** True: the legend is on page 1 below the picture; false: on page 3, from the top margin. */
    public final boolean legendBelow;
    /** The footer runs up the right of the picture (turned 90 degrees) instead of below it. */
    public final boolean footerBeside;
    public final double pageWmm, pageHmm, mmPerPx, picXmm, picYmm, picWmm, picHmm, legendYmm, footYmm;
    public final int cols, rows;

    public PdfLayout(int w, int h, Paper paper, int entries) {
        this.paper = paper;
        this.landscape = w > h;
        this.pageWmm = landscape ? paper.longMm : paper.shortMm;
        this.pageHmm = landscape ? paper.shortMm : paper.longMm;
        double m = Paper.MARGIN_MM, pw = pageWmm - 2 * m, ph = pageHmm - 2 * m;
        this.cols = Math.max(1, Math.min(Math.max(1, entries), (int) Math.floor(pw / ENTRY_MM)));
        this.rows = (Math.max(1, entries) + cols - 1) / cols;
        double legend = GAP_MM + rows * ROW_MM;
        double withLegend = Math.min(pw / w, (ph - legend - FOOT_MM) / h);
        // without the legend the footer goes below the picture, or beside it (turned) when that lets the picture grow
        double footBelow = Math.min(pw / w, (ph - FOOT_MM) / h);
        double footBeside = Math.min((pw - 2 * FOOT_MM) / w, ph / h);
        double alone = Math.max(footBelow, footBeside);
        this.legendBelow = withLegend >= alone;
        this.footerBeside = !legendBelow && footBeside > footBelow;
        this.mmPerPx = legendBelow ? withLegend : alone;
        this.picWmm = w * mmPerPx;
        this.picHmm = h * mmPerPx;
        this.picXmm = m + (pw - picWmm) / 2;
        this.picYmm = m;
        this.legendYmm = legendBelow ? picYmm + picHmm + GAP_MM : m;
        this.footYmm = (legendBelow ? legendYmm + rows * ROW_MM : picYmm + picHmm) + 1;
    }

    public double pxPerMm() { return 1 / mmPerPx; }

    /** The print scale the numbers are sized for: the larger (stricter) of NAME.pdf's and the long side across A4. */
    public double labelPxPerMm(int w, int h) { return Math.max(pxPerMm(), Math.max(w, h) / 297.0); }
}
