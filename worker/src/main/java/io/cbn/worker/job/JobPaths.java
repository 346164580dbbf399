package io.cbn.worker.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cbn.converter.OutputNames;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;

/**
 * Where one job reads and writes. The source is {@code sourceRoot/relativePath}; it must stay inside the source
 * root both lexically (no {@code ..} out of it, no absolute relative path) and physically (its real path, symbolic
 * links resolved, lies under the root's real path). Outputs go to {@code outputRoot/<parent of relativePath>} with
 * the file name minus its extension as the base name ({@link OutputNames}).
 *
 * <p><b>File names are bytes</b> (docs/design.md, Messages): the source is opened by the bytes of its path, from
 * {@code ImageJob.relativePathBytes} when the name is not valid UTF-8, else from the UTF-8 of
 * {@code relativePath}, through a {@code file:} URI, which carries bytes whatever {@code sun.jnu.encoding} (the
 * locale) is. Output names are made from the readable {@code relativePath} (the escaped form for such names,
 * e.g. {@code caf%E9.png} gives {@code caf%E9.svg}), so what the summary lists is what is on disk.
 *
 * <p><b>Per-root subfolders</b>: a job of a run with several source roots carries
 * {@code outputRoot = <run output>/./<root name>} (the producer's {@code OutputLayout}); its outputs go under
 * {@code <run output>/<root name>/}, {@link #outputRoot()} is the run's output root and {@link #outputPrefix()}
 * starts with the root name, so reported output paths stay relative to the run's {@code outputPath}.
 *
 * @param source       what the converter reads: the real path when the file exists (so a link swapped after the
 *                     check cannot redirect the read), else the lexical path (the converter reports it missing)
 * @param outputRoot   the run's output root, absolute and normalised
 * @param outDir       the directory the outputs are written to
 * @param outputPrefix {@code outDir} relative to {@code outputRoot}, '/' separated, "" for the root itself
 * @param baseName     the source file name without its extension, or with it when an image of the same name sits
 *                     next to it ({@link OutputNames})
 */
public record JobPaths(Path source, Path outputRoot, Path outDir, String outputPrefix, String baseName) {

    /** Separates the run's output root from a per-root subfolder in {@code ImageJob.outputRoot}. */
    public static final String SUBFOLDER_MARK = "/./";


    /** Resolves the paths of {@code job}, or says why it cannot run. */
    public static JobPaths resolve(ImageJob job) throws JobPathException {
        String rel = job.getRelativePath();
        if (rel == null || rel.isBlank()) throw new JobPathException(Reason.SOURCE_MISSING, "the job has an empty relative path");
        if (job.getOutputRoot() == null || job.getOutputRoot().isBlank()) {
            throw new JobPathException(Reason.INTERNAL_ERROR, "the job has no output root");
        }
        ByteBuffer carried = job.getRelativePathBytes();
        boolean rawName = carried != null;
        byte[] relBytes = rawName ? bytes(carried) : rel.getBytes(StandardCharsets.UTF_8);
        if (relBytes.length > 0 && relBytes[0] == '/') throw escapes(rel, "it is absolute");
        if (rel.startsWith("/")) throw escapes(rel, "it is absolute");

        String outputRootText = job.getOutputRoot();
        String subfolder = "";
        int mark = outputRootText.lastIndexOf(SUBFOLDER_MARK);
        if (mark >= 0) {
            subfolder = outputRootText.substring(mark + SUBFOLDER_MARK.length());
            outputRootText = outputRootText.substring(0, mark);
            if (subfolder.isEmpty() || subfolder.contains("/") || subfolder.equals("..") || subfolder.equals(".")) {
                throw new JobPathException(Reason.INTERNAL_ERROR, "the job's output root " + job.getOutputRoot()
                        + " names no valid per-root subfolder after " + SUBFOLDER_MARK);
            }
        }

        Path root;
        Path candidate;
        Path outputRoot;
        try {
            root = pathOf(job.getSourceRoot().getBytes(StandardCharsets.UTF_8)).normalize();
            candidate = pathOf(concat(job.getSourceRoot().getBytes(StandardCharsets.UTF_8), relBytes)).normalize();
            outputRoot = Path.of(outputRootText).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) { // InvalidPathException, or a NUL byte in the URI
            throw new JobPathException(Reason.PATH_ESCAPES_ROOT, "invalid path: " + e.getMessage());
        }
        if (!candidate.startsWith(root) || candidate.equals(root)) throw escapes(rel, "it leads out of the source root");

        Path source = candidate;
        if (Files.exists(candidate)) {
            try {
                Path real = candidate.toRealPath();
                Path realRoot = root.toRealPath();
                if (!real.startsWith(realRoot)) throw escapes(rel, "a symbolic link leads out of the source root to " + real);
                source = real;
            } catch (IOException e) {
                throw new JobPathException(Reason.IO_ERROR, "cannot resolve " + candidate + ": " + e);
            }
        }

        // output names from the readable relative path, segment by segment ('/' is the same byte in both forms)
        List<String> segments = normalisedSegments(rel);
        if (segments.isEmpty()) throw escapes(rel, "it leads out of the source root");
        String fileName = segments.remove(segments.size() - 1);
        List<String> prefixParts = new ArrayList<>();
        if (!subfolder.isEmpty()) prefixParts.add(subfolder);
        prefixParts.addAll(segments);
        String prefix = String.join("/", prefixParts);
        Path outDir;
        try {
            outDir = prefix.isEmpty() ? outputRoot : outputRoot.resolve(prefix);
        } catch (InvalidPathException e) {
            throw new JobPathException(Reason.INTERNAL_ERROR, "output folder " + prefix + " cannot be named in this JVM's file name"
                    + " encoding " + System.getProperty("sun.jnu.encoding") + " (run with LC_ALL=C.UTF-8): " + e.getMessage());
        }
        byte[] sourceDir = bytesOf(candidate.getParent());
        Path self = candidate;
        String baseName = OutputNames.baseName(fileName, sibling -> {
            byte[] name = rawName ? unescape(sibling) : sibling.getBytes(StandardCharsets.UTF_8);
            Path p;
            try {
                p = pathOf(concat(sourceDir, name));
            } catch (IllegalArgumentException e) {
                return false;
            }
            return Files.isRegularFile(p) && !sameFile(p, self);
        });
        return new JobPaths(source, outputRoot, outDir, prefix, baseName);
    }

    /** The output path of {@code name} (relative to {@link #outDir()}) relative to the output root, '/' separated. */
    public String outputPath(String name) {
        String n = name.replace('\\', '/');
        return outputPrefix.isEmpty() ? n : outputPrefix + "/" + n;
    }

    /**
     * A path from raw bytes (absolute: the bytes start with '/', or are resolved against the working directory),
     * whatever the platform's file name encoding: the {@code file:} URI carries every byte percent-encoded.
     *
     * @throws IllegalArgumentException for bytes no path can have (a NUL byte)
     */
    static Path pathOf(byte[] path) {
        if (path.length == 0 || path[0] != '/') {
            path = concat(bytesOf(Path.of("").toAbsolutePath()), path);
        }
        return io.cbn.schemas.names.EscapedNames.pathOf(path);
    }

    /** The bytes of an escaped name: the producer's escape undone ({@link io.cbn.schemas.names.EscapedNames}). */
    static byte[] unescape(String escaped) {
        return io.cbn.schemas.names.EscapedNames.unescape(escaped);
    }

    private static boolean hex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    /** The bytes of a path object (from its URI, so exact whatever the locale). */
    private static byte[] bytesOf(Path p) {
        String raw = p.toAbsolutePath().toUri().getRawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && hex(raw, i + 1) && hex(raw, i + 2)) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        byte[] bytes = out.toByteArray();
        int n = bytes.length > 1 && bytes[bytes.length - 1] == '/' ? bytes.length - 1 : bytes.length;
        byte[] trimmed = new byte[n];
        System.arraycopy(bytes, 0, trimmed, 0, n);
        return trimmed;
    }

    private static byte[] concat(byte[] dir, byte[] name) {
        int n = dir.length > 0 && dir[dir.length - 1] == '/' ? dir.length - 1 : dir.length;
        byte[] out = new byte[n + 1 + name.length];
        System.arraycopy(dir, 0, out, 0, n);
        out[n] = '/';
        System.arraycopy(name, 0, out, n + 1, name.length);
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** '/'-separated segments with "" and "." dropped and ".." applied (escapes are rejected before). */
    private static List<String> normalisedSegments(String rel) {
        List<String> out = new ArrayList<>();
        for (String s : rel.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static JobPathException escapes(String rel, String why) {
        return new JobPathException(Reason.PATH_ESCAPES_ROOT, "relative path '" + rel + "' escapes the source root: " + why);
    }
}
