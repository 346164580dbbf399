package io.cbn.converter.output;

import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.util.BoundingBox;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;

import java.awt.geom.GeneralPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * PDFBox's font mapper for cbn: NAME.pdf names Helvetica and is laid out with the metrics of PDFBox's own AFM files,
 * so writing it never needs a font program. PDFBox's default mapper loads its fallback TrueType font and reads the
 * system font cache the first time any standard font is made (about 75 ms of a fresh JVM, then a warning per font);
 * this one answers every name with PDFBox's bundled fallback (Liberation Sans) loaded only when a glyph is really
 * asked for, which writing never does and reading (the tests' text extraction) does. Installed by {@link PdfWriter}.
 */
final class StandardFontsOnly implements FontMapper {
    private static final String FALLBACK = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    @Override public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
        return new FontMapping<>(Fallback.FONT, true);
    }

    @Override public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
        return new FontMapping<>(new Lazy(), false);
    }

    @Override public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo cidSystemInfo) {
        return new CIDFontMapping(null, Fallback.FONT, true);
    }

    /** The bundled fallback font, parsed on first use (class initialisation). */
    private static final class Fallback {
        static final TrueTypeFont FONT;

        static {
            try (InputStream in = StandardFontsOnly.class.getResourceAsStream(FALLBACK)) {
                if (in == null) throw new IOException("PDFBox resource " + FALLBACK + " is missing");
                FONT = new TTFParser().parse(new RandomAccessReadBuffer(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The fallback font behind a standard font's name, untouched until a glyph or metric is asked for. */
    private static final class Lazy implements FontBoxFont {
        @Override public String getName() throws IOException { return Fallback.FONT.getName(); }
        @Override public BoundingBox getFontBBox() throws IOException { return Fallback.FONT.getFontBBox(); }
        @Override public List<Number> getFontMatrix() throws IOException { return Fallback.FONT.getFontMatrix(); }
        @Override public GeneralPath getPath(String name) throws IOException { return Fallback.FONT.getPath(name); }
        @Override public float getWidth(String name) throws IOException { return Fallback.FONT.getWidth(name); }
        @Override public boolean hasGlyph(String name) throws IOException { return Fallback.FONT.hasGlyph(name); }
    }
}
