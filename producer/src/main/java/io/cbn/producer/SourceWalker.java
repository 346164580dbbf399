package io.cbn.producer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Set;

/**
 * Streams the files under a source root to a {@link FileSink}: never holds the file list.
 *
 * <ul>
 *   <li>Every regular file whose name does not start with '.' is offered to the include/exclude
 *       filter; accepted ones go to the sink, the others are counted as excluded. Hidden files and
 *       hidden directories (with everything under them) are skipped and counted.</li>
 *   <li>Non-images are not filtered here: the worker rejects them (UNSUPPORTED_FORMAT), so the
 *       summary shows them.</li>
 *   <li>A symbolic link to a file is followed (it is read like the file). A symbolic link to a
 *       directory is descended only with {@code followLinks}; loops are then detected
 *       ({@link FileSystemLoopException}). Without it, the link is reported as a walk error so the
 *       files behind it are not silently missing.</li>
 *   <li>Whatever the walk cannot cover (unreadable directory, loop, dangling link, special file,
 *       is reported on {@code errors} with path and reason and counted; the walk goes on.</li>
 *   <li>Every file name is enqueued, whatever the locale: a name the platform may have decoded
 *       lossily is read back as bytes ({@link FileNames}).</li>
 * </ul>
 */
public final class SourceWalker {

    private final PathFilter filter;
    private final boolean followLinks;
    private final WalkStats stats;
    private final PrintStream errors;

    /**
     * @param filter      include/exclude globs
     * @param followLinks descend into symbolic links to directories
     * @param stats       counters, shared across roots
     * @param errors      where walk errors are reported as they happen
     */
    public SourceWalker(PathFilter filter, boolean followLinks, WalkStats stats, PrintStream errors) {
        this.filter = filter;
        this.followLinks = followLinks;
        this.stats = stats;
        this.errors = errors;
    }

    /**
     * Walks one root (an absolute, normalised, existing directory).
     *
     * @return false if the sink stopped the walk
     */
    public boolean walk(Path root, FileSink sink) throws IOException {
        Visitor visitor = new Visitor(root, sink);
        Set<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        Files.walkFileTree(root, options, Integer.MAX_VALUE, visitor);
        return !visitor.stopped;
    }

    private void error(Path path, String reason) {
        stats.walkError(path.toString(), reason);
        errors.println("cbn enqueue: walk error: " + path + ": " + reason);
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop (directory already being walked)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "vanished or dangling symbolic link";
        }
        String message = e.getMessage();
        String detail = e.getClass().getSimpleName();
        return message == null ? detail : detail + ": " + message;
    }

    private final class Visitor implements FileVisitor<Path> {

        private final Path root;
        private final String rootPrefix;
        private final boolean slashSeparated;
        private final FileSink sink;
        private boolean stopped;

        Visitor(Path root, FileSink sink) {
            this.root = root;
            String separator = root.getFileSystem().getSeparator();
            this.rootPrefix = root.toString().endsWith(separator) ? root.toString() : root + separator;
            this.slashSeparated = separator.equals("/");
            this.sink = sink;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && hidden(dir)) {
                stats.hiddenDirSkipped();
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (hidden(file)) {
                stats.hiddenFileSkipped();
                return FileVisitResult.CONTINUE;
            }
            BasicFileAttributes target = attrs;
            if (attrs.isSymbolicLink()) {
                try {
                    target = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    error(file, "dangling symbolic link");
                    return FileVisitResult.CONTINUE;
                }
                if (target.isDirectory()) {
                    error(file, "symbolic link to a directory, not followed (use --follow-links)");
                    return FileVisitResult.CONTINUE;
                }
            }
            if (!target.isRegularFile()) {
                error(file, "not a regular file (device, FIFO or socket)");
                return FileVisitResult.CONTINUE;
            }
            String relative = relativePath(file);
            byte[] raw = null;
            if (FileNames.mayBeLossy(relative)) {
                // the platform's decoding may have lost the name: take its bytes (docs/design.md, Messages)
                byte[] bytes;
                try {
                    bytes = FileNames.relativeBytes(root, file);
                } catch (RuntimeException e) {
                    error(file, "cannot read the bytes of the file name: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
                if (FileNames.isUtf8(bytes)) {
                    relative = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                } else {
                    raw = bytes;
                    relative = FileNames.escape(bytes);
                }
            }
            if (!filter.accepts(relative)) {
                stats.fileExcluded();
                return FileVisitResult.CONTINUE;
            }
            stats.fileAccepted();
            if (!sink.accept(new SourceFile(root, relative, target.size(), target.lastModifiedTime().toMillis(), raw))) {
                stopped = true;
                return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (hidden(file)) {
                return FileVisitResult.CONTINUE;
            }
            error(file, reason(e));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                error(dir, "listing failed part-way: " + reason(e));
            }
            return FileVisitResult.CONTINUE;
        }

        private String relativePath(Path file) {
            String path = file.toString();
            if (slashSeparated && path.startsWith(rootPrefix)) {
                return path.substring(rootPrefix.length());
            }
            Path relative = root.relativize(file);
            if (relative.getNameCount() == 1) {
                return relative.toString();
            }
            StringBuilder joined = new StringBuilder(64);
            for (Path part : relative) {
                if (joined.length() > 0) {
                    joined.append('/');
                }
                joined.append(part);
            }
            return joined.toString();
        }
    }
}
