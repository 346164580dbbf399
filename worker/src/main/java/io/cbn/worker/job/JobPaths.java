package io.cbn.worker.job;

import java.io.IOException;
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
 * @param source       what the converter reads: the real path when the file exists (so a link swapped after the
 *                     check cannot redirect the read), else the lexical path (the converter reports it missing)
 * @param outputRoot   the job's output root, absolute and normalised
 * @param outDir       the directory the outputs are written to
 * @param outputPrefix {@code outDir} relative to {@code outputRoot}, '/' separated, "" for the root itself
 * @param baseName     the source file name without its extension, or with it when an image of the same name sits
 *                     next to it ({@link OutputNames})
 */
public record JobPaths(Path source, Path outputRoot, Path outDir, String outputPrefix, String baseName) {

    /** Resolves the paths of {@code job}, or says why it cannot run. */
    public static JobPaths resolve(ImageJob job) throws JobPathException {
        String rel = job.getRelativePath();
        if (rel == null || rel.isBlank()) throw new JobPathException(Reason.SOURCE_MISSING, "the job has an empty relative path");
        if (job.getOutputRoot() == null || job.getOutputRoot().isBlank()) {
            throw new JobPathException(Reason.INTERNAL_ERROR, "the job has no output root");
        }
        Path root;
        Path relPath;
        Path outputRoot;
        try {
            root = Path.of(job.getSourceRoot()).toAbsolutePath().normalize();
            relPath = Path.of(rel);
            outputRoot = Path.of(job.getOutputRoot()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new JobPathException(Reason.PATH_ESCAPES_ROOT, "invalid path: " + e.getMessage());
        }
        if (relPath.isAbsolute()) throw escapes(rel, "it is absolute");
        Path candidate = root.resolve(relPath).normalize();
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

        Path inside = root.relativize(candidate);
        Path parent = inside.getParent();
        String prefix = parent == null ? "" : slashJoined(parent);
        Path outDir = parent == null ? outputRoot : outputRoot.resolve(prefix);
        return new JobPaths(source, outputRoot, outDir, prefix, OutputNames.baseName(candidate));
    }

    /** The output path of {@code name} (relative to {@link #outDir()}) relative to the output root, '/' separated. */
    public String outputPath(String name) {
        String n = name.replace('\\', '/');
        return outputPrefix.isEmpty() ? n : outputPrefix + "/" + n;
    }

    private static String slashJoined(Path relative) {
        List<String> names = new ArrayList<>();
        relative.forEach(p -> names.add(p.toString()));
        return String.join("/", names);
    }

    private static JobPathException escapes(String rel, String why) {
        return new JobPathException(Reason.PATH_ESCAPES_ROOT, "relative path '" + rel + "' escapes the source root: " + why);
    }
}
