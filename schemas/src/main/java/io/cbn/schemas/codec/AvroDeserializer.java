package io.cbn.schemas.codec;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer reading {@link AvroCodec} single-object messages written with any released
 * schema version. Use the per-type subclasses (e.g. {@link ImageJobDeserializer}) when naming it
 * in Kafka config. A null value (tombstone) gives null.
 *
 * @throws SerializationException on undecodable input, its message naming the reason
 *         (too short, bad magic, unknown fingerprint, corrupt body) and the cause an
 *         {@link AvroCodecException} carrying the machine-readable {@link AvroCodecException.Reason}
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final AvroCodec<T> codec;

    public AvroDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.codec = AvroCodec.of(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (AvroCodecException e) {
            throw new SerializationException("cannot deserialize " + type.getSimpleName() + " from topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
