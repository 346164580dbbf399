package io.cbn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.Samples;

class AvroCodecTest {

    private final AvroCodec<ImageJob> jobs = AvroCodec.of(ImageJob.class);

    @Test
    void roundTripsImageJob() {
        assertRoundTrip(AvroCodec.of(ImageJob.class), Samples.imageJob());
    }

    @Test
    void roundTripsJobResults() {
        AvroCodec<JobResult> codec = AvroCodec.of(JobResult.class);
        assertRoundTrip(codec, Samples.created());
        assertRoundTrip(codec, Samples.rejected());
    }

    @Test
    void roundTripsRunEvents() {
        AvroCodec<RunEvent> codec = AvroCodec.of(RunEvent.class);
        assertRoundTrip(codec, Samples.opened());
        assertRoundTrip(codec, Samples.sealed());
    }

    @Test
    void writesSingleObjectHeaderWithNewestReleasedFingerprint() {
        byte[] bytes = jobs.encode(Samples.imageJob());
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        List<org.apache.avro.Schema> released = ReleasedSchemas.versions("ImageJob");
        long newest = AvroCodec.fingerprint(released.get(released.size() - 1));
        assertEquals(newest, ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void refusesBadMagic() {
        byte[] bytes = jobs.encode(Samples.imageJob());
        bytes[0] = 'x';
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> jobs.decode(bytes));
        assertEquals(AvroCodecException.Reason.BAD_MAGIC, e.reason());
        assertTrue(e.getMessage().contains("bad magic 78 01"), e.getMessage());
    }

    @Test
    void refusesShortMessage() {
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> jobs.decode(new byte[] {(byte) 0xC3, 1, 2}));
        assertEquals(AvroCodecException.Reason.TOO_SHORT, e.reason());
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }

    @Test
    void refusesUnknownFingerprintNamingIt() {
        byte[] bytes = jobs.encode(Samples.imageJob());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> jobs.decode(bytes));
        assertEquals(AvroCodecException.Reason.UNKNOWN_FINGERPRINT, e.reason());
        assertTrue(e.getMessage().contains("0123456789abcdef"), e.getMessage());
        assertTrue(e.getMessage().contains("ImageJob v1="), e.getMessage());
    }

    @Test
    void refusesTruncatedBody() {
        byte[] bytes = jobs.encode(Samples.imageJob());
        byte[] truncated = Arrays.copyOf(bytes, AvroCodec.HEADER_LENGTH + 5);
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> jobs.decode(truncated));
        assertEquals(AvroCodecException.Reason.CORRUPT_BODY, e.reason());
        assertTrue(e.getMessage().startsWith("corrupt ImageJob v2 body"), e.getMessage());
    }

    @Test
    void readsAMessageOfAnotherTypeAsUnknownFingerprint() {
        byte[] runEvent = AvroCodec.of(RunEvent.class).encode(Samples.opened());
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> jobs.decode(runEvent));
        assertEquals(AvroCodecException.Reason.UNKNOWN_FINGERPRINT, e.reason());
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(jobs.encode(Samples.imageJob()), jobs.encode(Samples.imageJob()));
    }

    private static <T extends SpecificRecord> void assertRoundTrip(AvroCodec<T> codec, T record) {
        T decoded = codec.decode(codec.encode(record));
        assertEquals(record, decoded);
    }

    @Test
    void recognisesOnlyItsOwnTypeSoOneTopicCanCarryTwo() {
        AvroCodec<io.cbn.schemas.RunEvent> events = AvroCodec.of(io.cbn.schemas.RunEvent.class);
        AvroCodec<io.cbn.schemas.RunNotice> notices = AvroCodec.of(io.cbn.schemas.RunNotice.class);
        byte[] notice = notices.encode(Samples.held());
        byte[] event = events.encode(Samples.opened());
        assertTrue(notices.recognises(notice));
        assertFalse(events.recognises(notice));
        assertTrue(events.recognises(event));
        assertFalse(notices.recognises(event));
        assertFalse(events.recognises(new byte[3]));
        assertEquals(Samples.held(), notices.decode(notice));
    }
}
