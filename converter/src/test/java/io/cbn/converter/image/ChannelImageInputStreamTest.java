package io.cbn.converter.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelImageInputStreamTest {

    @TempDir
    Path tmp;

    @Test
    void readsSeeksAndReadsBitsLikeAFileStreamByTheBytesOfItsName() throws Exception {
        byte[] data = new byte[50_000];
        new Random(7).nextBytes(data);
        // a Latin-1 name: java.io.File could not name it under a UTF-8 locale
        Path file = Path.of(URI.create(tmp.toUri() + "caf%E9.bin"));
        Files.write(file, data);
        try (ChannelImageInputStream in = new ChannelImageInputStream(file)) {
            assertEquals(data.length, in.length());
            assertEquals(data[0] & 0xFF, in.read());
            byte[] some = new byte[100];
            in.readFully(some);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1, 101), some);
            in.seek(40_000);
            byte[] big = new byte[9000];
            in.readFully(big);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 40_000, 49_000), big);
            in.seek(3);
            assertEquals((data[3] >> 7) & 1, in.readBit());
            in.seek(data.length - 2);
            assertEquals(data[data.length - 2] & 0xFF, in.read());
            assertEquals(data[data.length - 1] & 0xFF, in.read());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[4], 0, 4));
        }
    }
}
