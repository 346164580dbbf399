package io.cbn.converter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The base name of a source's outputs: {@code NAME} for {@code NAME.ext}, or the whole file name {@code NAME.ext}
 * when another image file in the same folder has the same {@code NAME} ({@code a.jpg} next to {@code a.png} would
 * otherwise both write {@code a.svg}, and the second template would silently replace the first). Both files of such
 * a pair see each other, so the rule does not depend on which is converted first. Siblings are looked for by name
 * (a handful of existence checks, no directory listing: folders may hold millions of files), among the extensions
 * of the formats the converter reads, in lower and upper case; same-named files of other kinds ({@code a.xmp},
 * {@code a.cr2}) produce no outputs and do not count. {@code a.jpg} and {@code a.JPG} (two files on a case-sensitive
 * disk) keep their whole names too.
 */
public final class OutputNames {
    static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "dib",
            "tif", "tiff", "webp");

    private OutputNames() { }

    public static String baseName(Path source) {
        Path dir = source.getParent();
        return baseName(source.getFileName().toString(), sibling -> {
            Path p = dir == null ? Path.of(sibling) : dir.resolve(sibling);
            return Files.isRegularFile(p) && !sameFile(p, source);
        });
    }

    /**
     * {@link #baseName(Path)} for a file named {@code name}, asking {@code otherImageExists} whether a file of a
     * given name exists next to it and is not the file itself (on a case-insensitive disk {@code a.JPG} is
     * {@code a.jpg}). {@code a.jpg} next to {@code a.JPG} on a case-sensitive disk keep their whole names too.
     */
    public static String baseName(String name, Predicate<String> otherImageExists) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return name;
        String stem = name.substring(0, dot), ext = name.substring(dot + 1);
        for (String e : IMAGE_EXTENSIONS) {
            for (String variant : new String[]{e, e.toUpperCase(Locale.ROOT)}) {
                if (variant.equals(ext)) continue; // the file itself
                if (otherImageExists.test(stem + "." + variant)) return name;
            }
        }
        return stem;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
