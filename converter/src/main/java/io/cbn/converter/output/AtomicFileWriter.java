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
 * Writes one output file atomically: a temp file in the target directory, forced to disk, then renamed over the
 * final name with ATOMIC_MOVE. The result is re-read from disk for its size and sha256, so what is recorded is what
 * a reader will find.
 */
public final class AtomicFileWriter {
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFileWriter() { }

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
