package io.cbn.converter.output;

import io.cbn.converter.Paper;

/**
 * Where a template goes on paper: orientation from the picture (landscape when wider than tall), the legend in rows
 * below the picture, and the picture as large as fits inside {@link Paper#MARGIN_MM} margins, at one scale in both
 * directions. {@link #pxPerMm} is the template's true print scale: what the PDF prints at 100% (docs/design.md,
 * "One geometry").
 */
public final class PdfLayout {
    static final double ENTRY_MM = 62, ROW_MM = 5.5, GAP_MM = 4, FOOT_MM = 6, SWATCH_MM = 4.2;

    public final Paper paper;
    public final boolean landscape;
    public final double pageWmm, pageHmm, mmPerPx, picXmm, picYmm, picWmm, picHmm, legendYmm;
    public final int cols, rows;

    public PdfLayout(int w, int h, Paper paper, int entries) {
        this.paper = paper;
        this.landscape = w > h;
        this.pageWmm = landscape ? paper.longMm : paper.shortMm;
        this.pageHmm = landscape ? paper.shortMm : paper.longMm;
        double m = Paper.MARGIN_MM, pw = pageWmm - 2 * m, ph = pageHmm - 2 * m;
        this.cols = Math.max(1, Math.min(Math.max(1, entries), (int) Math.floor(pw / ENTRY_MM)));
        this.rows = (Math.max(1, entries) + cols - 1) / cols;
        double legend = GAP_MM + rows * ROW_MM + FOOT_MM;
        this.mmPerPx = Math.min(pw / w, (ph - legend) / h);
        this.picWmm = w * mmPerPx;
        this.picHmm = h * mmPerPx;
        this.picXmm = m + (pw - picWmm) / 2;
        this.picYmm = m;
        this.legendYmm = picYmm + picHmm + GAP_MM;
    }

    public double pxPerMm() { return 1 / mmPerPx; }
}
