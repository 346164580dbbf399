package io.cbn.converter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The base name of a source's outputs: {@code NAME} for {@code NAME.ext}, or the whole file name {@code NAME.ext}
 * when another image file in the same folder has the same {@code NAME} ({@code a.jpg} next to {@code a.png} would
 * otherwise both write {@code a.svg}, and the second template would silently replace the first). Both files of such
 * a pair see each other, so the rule does not depend on which is converted first. Siblings are looked for by name
 * (a handful of existence checks, no directory listing: folders may hold millions of files), among the extensions
 * of the formats the converter reads; same-named files of other kinds ({@code a.xmp}, {@code a.cr2}) produce no
 * outputs and do not count.
 */
public final class OutputNames {
    static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "dib",
            "tif", "tiff", "webp");

    private OutputNames() { }

    public static String baseName(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return name;
        String stem = name.substring(0, dot), ext = name.substring(dot + 1);
        Path dir = source.getParent();
        for (String e : IMAGE_EXTENSIONS) {
            if (e.equalsIgnoreCase(ext)) continue; // case variants: on case-insensitive disks they are this very file
            for (String variant : new String[]{e, e.toUpperCase(Locale.ROOT)}) {
                Path sibling = dir == null ? Path.of(stem + "." + variant) : dir.resolve(stem + "." + variant);
                if (Files.isRegularFile(sibling)) return name;
            }
        }
        return stem;
    }
}
