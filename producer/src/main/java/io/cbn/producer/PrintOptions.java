package io.cbn.producer;

import java.util.Locale;

/**
 * {@code --paper} and {@code --detail} of {@code cbn enqueue}, checked before anything is published and carried in the
 * spelling the converter reads (io.cbn.converter.Paper / Detail; ConversionSettings v2, docs/design.md "Messages").
 */
final class PrintOptions {
    private PrintOptions() { }

    static String paper(String s) {
        String p = s == null ? "A4" : s.strip().toUpperCase(Locale.ROOT);
        return switch (p) {
            case "A4", "A3" -> p;
            case "LETTER" -> "Letter";
            default -> throw new IllegalArgumentException("--paper must be A4, A3 or Letter, got '" + s + "'");
        };
    }

    static String detail(String s) {
        if (s == null || s.isBlank()) return null;
        String d = s.strip().toLowerCase(Locale.ROOT);
        if (!d.equals("easy") && !d.equals("medium") && !d.equals("hard"))
            throw new IllegalArgumentException("--detail must be easy, medium or hard, got '" + s + "'");
        return d;
    }
}
