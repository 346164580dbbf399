package io.cbn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.Samples;

class SerdeTest {

    @Test
    void serdesNamedInConfigRoundTripEachType() throws Exception {
        assertRoundTrip("ImageJob", Samples.imageJob());
        assertRoundTrip("JobResult", Samples.created());
        assertRoundTrip("RunEvent", Samples.sealed());
    }

    @Test
    void streamsSerdesRoundTrip() {
        try (Serde<JobResult> serde = new JobResultSerde()) {
            byte[] bytes = serde.serializer().serialize("cbn.results", Samples.rejected());
            assertEquals(Samples.rejected(), serde.deserializer().deserialize("cbn.results", bytes));
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertNull(new ImageJobSerializer().serialize("cbn.jobs", null));
        assertNull(new ImageJobDeserializer().deserialize("cbn.jobs", null));
    }

    @Test
    void garbageThrowsSerializationExceptionWithReason() {
        byte[] garbage = "{\"runId\":\"not avro\"}".getBytes(StandardCharsets.UTF_8);
        SerializationException e = assertThrows(SerializationException.class,
                () -> new ImageJobDeserializer().deserialize("cbn.jobs", garbage));
        assertTrue(e.getMessage().contains("cannot deserialize ImageJob from topic cbn.jobs"), e.getMessage());
        assertTrue(e.getMessage().contains("bad magic 7B 22"), e.getMessage());
        AvroCodecException cause = assertInstanceOf(AvroCodecException.class, e.getCause());
        assertEquals(AvroCodecException.Reason.BAD_MAGIC, cause.reason());
    }

    @Test
    void wrongTypeOnTopicThrowsSerializationExceptionNamingFingerprint() {
        byte[] result = new JobResultSerializer().serialize("cbn.jobs", Samples.created());
        SerializationException e = assertThrows(SerializationException.class,
                () -> new ImageJobDeserializer().deserialize("cbn.jobs", result));
        assertTrue(e.getMessage().contains("unknown writer schema fingerprint"), e.getMessage());
    }

    @Test
    void writeVersionConfigPinsAReleasedVersion() {
        RunEventSerializer serializer = new RunEventSerializer();
        serializer.configure(Map.of(AvroSerializer.WRITE_VERSION_CONFIG, "1"), false);
        byte[] bytes = serializer.serialize("cbn.runs", Samples.opened());
        assertEquals(Samples.opened(), new RunEventDeserializer().deserialize("cbn.runs", bytes));

        RunEventSerializer unreleased = new RunEventSerializer();
        assertThrows(IllegalArgumentException.class,
                () -> unreleased.configure(Map.of(AvroSerializer.WRITE_VERSION_CONFIG, "99"), false));
    }

    @SuppressWarnings("unchecked")
    private static <T> void assertRoundTrip(String type, T record) throws Exception {
        Serializer<T> serializer = Utils.newInstance("io.cbn.schemas.codec." + type + "Serializer", Serializer.class);
        Deserializer<T> deserializer = Utils.newInstance("io.cbn.schemas.codec." + type + "Deserializer", Deserializer.class);
        serializer.configure(Map.of(), false);
        deserializer.configure(Map.of(), false);
        assertEquals(record, deserializer.deserialize("t", serializer.serialize("t", record)));
    }
}
