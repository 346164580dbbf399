package io.cbn.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --paint-set FILE}: the paint set travels whole with every job as CSV ({@code ConversionSettings.paintSetCsv},
 * docs/design.md "Messages"), so every worker uses the same paints and numbers. A CSV file is carried as written; a
 * JSON file (an array of, or an object with "paints" holding, flat objects with number, name, hex) is carried as the
 * equivalent CSV. The converter parses and checks the set (io.cbn.converter.colour.PaintSet).
 */
final class PaintSetFile {
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*\"?\\s*(\\d+)\\s*\"?");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HEX = Pattern.compile("\"hex\"\\s*:\\s*\"([^\"]*)\"");

    private PaintSetFile() { }

    /** The set's name: the file name without .csv / .json. */
    static String name(Path file) {
        return file.getFileName().toString().replaceFirst("(?i)\\.(csv|json)$", "");
    }

    /** The set as CSV text. */
    static String csv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) text = text.substring(1).strip();
        if (!text.startsWith("[") && !text.startsWith("{")) return text + "\n";
        StringBuilder sb = new StringBuilder("number,name,hex\n");
        Matcher m = OBJECT.matcher(text);
        int paints = 0;
        while (m.find()) {
            String o = m.group();
            Matcher hex = HEX.matcher(o);
            if (!hex.find()) continue;
            Matcher num = NUMBER.matcher(o), nm = NAME.matcher(o);
            if (!num.find()) throw new IllegalArgumentException("--paint-set " + file + ": a paint without a number: " + o);
            String name = nm.find() ? nm.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : "";
            if (name.contains(",") || name.contains("\"")) name = '"' + name.replace("\"", "\"\"") + '"';
            sb.append(num.group(1)).append(',').append(name).append(',').append(hex.group(1).strip()).append('\n');
            paints++;
        }
        if (paints == 0) throw new IllegalArgumentException("--paint-set " + file + ": no paints (objects with number, name, hex)");
        return sb.toString();
    }
}
