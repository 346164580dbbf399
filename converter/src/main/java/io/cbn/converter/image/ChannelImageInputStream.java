package io.cbn.converter.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over a {@link FileChannel} opened from a {@link Path}. {@code FileImageInputStream}
 * needs a {@code java.io.File}, which names the file by a {@code String} and so loses every name the platform
 * encoding cannot decode (a Latin-1 {@code caf\xe9.png} under a UTF-8 locale); a {@code Path} keeps the name's bytes
 * (docs/design.md, Messages: file names). Reads are positional, through an 8 KiB buffer.
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {

    private static final int BUFFER = 8192;

    private final FileChannel channel;
    private final byte[] buffer = new byte[BUFFER];
    /** File offset of {@code buffer[0]}, and how many bytes of it are valid. */
    private long bufferStart;
    private int bufferLength;

    ChannelImageInputStream(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!buffered() && !fill()) return -1;
        return buffer[(int) (streamPos++ - bufferStart)] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (off < 0 || len < 0 || off + len > b.length) throw new IndexOutOfBoundsException();
        bitOffset = 0;
        if (len == 0) return 0;
        if (!buffered()) {
            if (len >= BUFFER) { // large reads go straight to the channel
                int n = channel.read(ByteBuffer.wrap(b, off, len), streamPos);
                if (n <= 0) return -1;
                streamPos += n;
                return n;
            }
            if (!fill()) return -1;
        }
        int at = (int) (streamPos - bufferStart);
        int n = Math.min(len, bufferLength - at);
        System.arraycopy(buffer, at, b, off, n);
        streamPos += n;
        return n;
    }

    private boolean buffered() {
        return streamPos >= bufferStart && streamPos < bufferStart + bufferLength;
    }

    /** Reads the buffer from {@code streamPos}; false at the end of the file. */
    private boolean fill() throws IOException {
        bufferStart = streamPos;
        bufferLength = 0;
        int n = channel.read(ByteBuffer.wrap(buffer), streamPos);
        if (n <= 0) return false;
        bufferLength = n;
        return true;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1L;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        channel.close();
    }
}
