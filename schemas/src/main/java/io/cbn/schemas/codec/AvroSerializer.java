package io.cbn.schemas.codec;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing {@link AvroCodec} single-object messages. Use the per-type subclasses
 * (e.g. {@link ImageJobSerializer}) when naming it in Kafka config.
 *
 * <p>Config {@value #WRITE_VERSION_CONFIG} (optional, int): released schema version to write
 * with; default the generated (newest) schema.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Pins the released writer schema version (1-based) during a rolling upgrade. */
    public static final String WRITE_VERSION_CONFIG = "cbn.avro.write.version";

    private final Class<T> type;
    private volatile AvroCodec<T> codec;

    public AvroSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.codec = AvroCodec.of(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object version = configs.get(WRITE_VERSION_CONFIG);
        if (version != null && !version.toString().isBlank()) {
            codec = AvroCodec.of(type, Integer.parseInt(version.toString().trim()));
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.encode(data);
        } catch (AvroCodecException e) {
            throw new SerializationException("cannot serialize " + type.getSimpleName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
