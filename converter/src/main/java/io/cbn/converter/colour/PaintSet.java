package io.cbn.converter.colour;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real set of paints (issue 11 item 5): each with the maker's number, name and sRGB colour. A template made with
 * a set prints the set's own numbers, so paint 7 is the same tube in every template of a backlog. The set travels
 * whole with each job as CSV ({@code ConversionSettings.paintSetCsv}, docs/design.md "Messages").
 *
 * <p>CSV: one paint a line, {@code number,name,hex} (a header line naming the columns and lines starting with "//"
 * or "# " are skipped; a name holding commas is quoted). JSON: an array of objects, or an object with a
 * {@code "paints"} array, each with {@code number}, {@code name}, {@code hex}.
 */
public record PaintSet(String name, List<Paint> paints) {
    /** One paint: its number in the set (1..999), its name, and its colour 0xRRGGBB. */
    public record Paint(int number, String name, int rgb) { }

    public static final int MAX_NUMBER = 999;

    public PaintSet {
        paints = List.copyOf(paints);
        if (paints.size() < 2) throw new IllegalArgumentException("a paint set needs at least 2 paints, got " + paints.size());
        Set<Integer> seen = new HashSet<>();
        for (Paint p : paints) {
            if (p.number() < 1 || p.number() > MAX_NUMBER)
                throw new IllegalArgumentException("paint number must be 1.." + MAX_NUMBER + ", got " + p.number());
            if (!seen.add(p.number())) throw new IllegalArgumentException("paint number " + p.number() + " appears twice");
        }
    }

    public int size() { return paints.size(); }

    public static PaintSet read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String base = file.getFileName().toString().replaceFirst("\\.(csv|json)$", "");
        return parse(base, text);
    }

    /** A set shipped with cbn, by resource name (e.g. "citadel-base"). */
    public static PaintSet builtin(String name) {
        try (InputStream in = PaintSet.class.getResourceAsStream("/io/cbn/converter/paints/" + name + ".csv")) {
            if (in == null) throw new IllegalArgumentException("no built-in paint set " + name);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses CSV or JSON (told apart by the first non-blank character). */
    public static PaintSet parse(String name, String text) {
        String t = text.strip();
        if (t.startsWith("\uFEFF")) t = t.substring(1).strip();
        return new PaintSet(name, t.startsWith("[") || t.startsWith("{") ? parseJson(t) : parseCsv(t));
    }

    private static List<Paint> parseCsv(String text) {
        List<Paint> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("//") || l.startsWith("# ") || l.equals("#")) continue;
            List<String> f = csvFields(l);
            if (f.size() < 3) throw new IllegalArgumentException("paint set line " + lineNo + ": need number,name,hex: " + l);
            if (out.isEmpty() && f.get(0).strip().equalsIgnoreCase("number")) continue; // header
            out.add(paint(f.get(0), f.get(1), f.get(2), "line " + lineNo));
        }
        return out;
    }

    private static List<String> csvFields(String l) {
        List<String> f = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { f.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        f.add(cur.toString());
        return f;
    }

    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*\"?\\s*(\\d+)\\s*\"?");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HEX = Pattern.compile("\"hex\"\\s*:\\s*\"([^\"]*)\"");

    /** The small JSON this format needs: flat objects with number, name, hex (no nesting inside a paint). */
    private static List<Paint> parseJson(String text) {
        List<Paint> out = new ArrayList<>();
        Matcher m = OBJECT.matcher(text);
        while (m.find()) {
            String o = m.group();
            Matcher hex = HEX.matcher(o);
            if (!hex.find()) continue; // e.g. a metadata object
            Matcher num = NUMBER.matcher(o), nm = NAME.matcher(o);
            if (!num.find()) throw new IllegalArgumentException("paint without a number: " + o);
            out.add(paint(num.group(1), nm.find() ? unescape(nm.group(1)) : "", hex.group(1), o));
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) { sb.append(c); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'u' -> { if (i + 4 < s.length()) { sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; } }
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }

    private static Paint paint(String number, String name, String hex, String where) {
        int n;
        try {
            n = Integer.parseInt(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("paint set " + where + ": number is not an integer: '" + number.strip() + "'");
        }
        String h = hex.strip();
        if (h.startsWith("#")) h = h.substring(1);
        if (!h.matches("[0-9A-Fa-f]{6}")) throw new IllegalArgumentException("paint set " + where + ": hex must be #RRGGBB, got '" + hex.strip() + "'");
        return new Paint(n, name.strip(), Integer.parseInt(h, 16));
    }

    /** The set as the CSV carried in jobs: header, then number,name,hex per paint. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("number,name,hex\n");
        for (Paint p : paints) {
            String nm = p.name().contains(",") || p.name().contains("\"") ? '"' + p.name().replace("\"", "\"\"") + '"' : p.name();
            sb.append(p.number()).append(',').append(nm).append(',').append(String.format(Locale.ROOT, "#%06x", p.rgb())).append('\n');
        }
        return sb.toString();
    }
}
