package io.cbn.converter.output;

import io.cbn.converter.OutputFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes output files atomically: a temp file in the target directory, forced to disk, then renamed over the
 * final name with ATOMIC_MOVE. The result is re-read from disk for its size and sha256, so what is recorded is what
 * a reader will find. {@link #writeAll} does this for a conversion's outputs together (docs/design.md, "Outcomes"):
 * every temp file written first, then all forced at once (concurrent forces share the file system's journal
 * commits: one wait instead of one per file), renamed, and the directory forced once so the new names are durable
 * too.
 */
public final class AtomicFileWriter {
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFileWriter() { }

    /** Forces files while the calling thread forces one of its own; daemon threads, made as needed. */
    private static final java.util.concurrent.ExecutorService FORCES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cbn-output-force");
        t.setDaemon(true);
        return t;
    });

    /**
     * Writes every {@code name -> bytes} of {@code files} into {@code dir} atomically, durable (data and names) when
     * this returns; in the map's order in the result. On failure no temp file is left; outputs already renamed stay.
     */
    public static java.util.List<OutputFile> writeAll(Path dir, java.util.LinkedHashMap<String, byte[]> files) throws IOException {
        java.util.List<Path> tmps = new java.util.ArrayList<>(files.size());
        java.util.List<FileChannel> channels = new java.util.ArrayList<>(files.size());
        boolean posix = false;
        try {
            for (var f : files.entrySet()) {
                Path tmp = Files.createTempFile(dir, "." + f.getKey() + ".", ".tmp");
                tmps.add(tmp);
                if (tmps.size() == 1) posix = Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class);
                if (posix) Files.setPosixFilePermissions(tmp, READABLE); // temp files start as 0600
                FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                channels.add(ch);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f.getValue());
                while (b.hasRemaining()) ch.write(b);
            }
            forceAll(channels);
            for (FileChannel ch : channels) ch.close();
            int i = 0;
            for (String name : files.keySet()) {
                try {
                    Files.move(tmps.get(i++), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("file system of " + dir + " can not rename atomically", e);
                }
            }
            forceDirectory(dir);
        } finally {
            for (FileChannel ch : channels) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the write failed already or the file is closed
                }
            }
            for (Path tmp : tmps) Files.deleteIfExists(tmp);
        }
        java.util.List<OutputFile> written = new java.util.ArrayList<>(files.size());
        for (String name : files.keySet()) {
            byte[] back = Files.readAllBytes(dir.resolve(name));
            written.add(new OutputFile(name, back.length, sha256(back)));
        }
        return written;
    }

    private static void forceAll(java.util.List<FileChannel> channels) throws IOException {
        java.util.List<java.util.concurrent.Future<?>> others = new java.util.ArrayList<>();
        for (int i = 1; i < channels.size(); i++) {
            FileChannel ch = channels.get(i);
            others.add(FORCES.submit(() -> {
                ch.force(true);
                return null;
            }));
        }
        IOException failed = null;
        try {
            if (!channels.isEmpty()) channels.get(0).force(true);
        } catch (IOException e) {
            failed = e;
        }
        boolean interrupted = false;
        for (var f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the forces are short: wait for them, then keep the interrupt
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failed == null) failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    break;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failed != null) throw failed;
    }

    /** The directory's entries (the renames) to disk; file systems that cannot open a directory skip it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system allows a directory to be opened or forced
        }
    }

    public static OutputFile write(Path dir, String name, byte[] data) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class))
                Files.setPosixFilePermissions(tmp, READABLE); // temp files start as 0600; outputs are for everyone to read
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(data);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system of " + dir + " can not rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        byte[] back = Files.readAllBytes(target);
        return new OutputFile(name, back.length, sha256(back));
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
