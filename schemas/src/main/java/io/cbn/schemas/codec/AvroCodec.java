package io.cbn.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one message type: {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body.
 *
 * <p>Decoding resolves the writer schema by fingerprint among every released version of the
 * type ({@link ReleasedSchemas}), so a reader built from any version reads messages written by
 * any other released version. Encoding uses the generated class's schema, or an older released
 * version when pinned with {@link #of(Class, int)} — pin the previous version on writers during
 * a rolling upgrade until every reader knows the new one.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {

    /** Header length: 2 magic bytes + 8 fingerprint bytes. */
    public static final int HEADER_LENGTH = 10;

    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private final String typeName;
    private final Schema readerSchema;
    private final SpecificData model;
    private final Map<Long, String> knownWriters;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Schema pinnedWriter;
    private final BinaryMessageEncoder<Object> pinnedEncoder;

    private AvroCodec(Class<T> type, Schema writer, Collection<Schema> extraWriterSchemas) {
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.typeName = readerSchema.getName();
        List<Schema> released = ReleasedSchemas.versions(typeName);

        SchemaStore.Cache store = new SchemaStore.Cache();
        Map<Long, String> writers = new LinkedHashMap<>();
        for (int i = 0; i < released.size(); i++) {
            store.addSchema(released.get(i));
            writers.putIfAbsent(fingerprint(released.get(i)), typeName + " v" + (i + 1));
        }
        for (Schema extra : extraWriterSchemas) {
            store.addSchema(extra);
            writers.putIfAbsent(fingerprint(extra), typeName + " (extra writer schema)");
        }
        writers.putIfAbsent(fingerprint(readerSchema), typeName + " (generated, not released)");

        this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
        this.decoder = new BinaryMessageDecoder<>(model, readerSchema, store);

        if (writer == null || fingerprint(writer) == fingerprint(readerSchema)) {
            this.pinnedWriter = null;
            this.pinnedEncoder = null;
        } else {
            store.addSchema(writer);
            writers.putIfAbsent(fingerprint(writer), typeName + " (pinned writer schema)");
            this.pinnedWriter = writer;
            this.pinnedEncoder = new BinaryMessageEncoder<>(GenericData.get(), writer);
        }
        this.knownWriters = Map.copyOf(writers);
    }

    /** A codec writing with the generated (current) schema. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type, null, List.of());
    }

    /**
     * A codec writing with released version {@code writeVersion} (1-based; 0 = the generated
     * schema). Reading is unaffected.
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, int writeVersion) {
        return of(type, writeVersion, List.of());
    }

    /**
     * As {@link #of(Class, int)}, also accepting messages written with {@code extraWriterSchemas}
     * (e.g. a version released after this build, supplied from elsewhere).
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, int writeVersion,
                                                             Collection<Schema> extraWriterSchemas) {
        return new AvroCodec<>(type, releasedVersion(type, writeVersion), List.copyOf(extraWriterSchemas));
    }

    /** A codec writing with an arbitrary (e.g. candidate) schema; for evolution tests. */
    static <T extends SpecificRecord> AvroCodec<T> writingWith(Class<T> type, Schema writer,
                                                               Collection<Schema> extraWriterSchemas) {
        return new AvroCodec<>(type, Objects.requireNonNull(writer, "writer"), List.copyOf(extraWriterSchemas));
    }

    private static Schema releasedVersion(Class<? extends SpecificRecord> type, int version) {
        if (version == 0) {
            return null;
        }
        String name = SpecificData.getForClass(type).getSchema(type).getName();
        List<Schema> released = ReleasedSchemas.versions(name);
        if (version < 0 || version > released.size()) {
            throw new IllegalArgumentException("no released version v" + version + " of " + name
                    + " (released: v1..v" + released.size() + ")");
        }
        return released.get(version - 1);
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form, as carried in the header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The generated class's schema, used to read every message. */
    public Schema readerSchema() {
        return readerSchema;
    }

    /** The schema messages are written with. */
    public Schema writerSchema() {
        return pinnedWriter != null ? pinnedWriter : readerSchema;
    }

    /** Writer schema fingerprints this codec decodes, with a human label for each. */
    public Map<Long, String> knownWriterFingerprints() {
        return knownWriters;
    }

    /** Encodes one record as a single-object message. */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            if (pinnedWriter == null) {
                encoder.encode(record, out);
            } else {
                pinnedEncoder.encode(downgrade(record), out);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException(AvroCodecException.Reason.ENCODE_FAILED,
                    "cannot encode " + typeName + " with writer schema " + knownWriters.get(fingerprint(writerSchema()))
                            + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when the message is a single-object message written with a schema this codec knows
     * (any released version of its type). Lets one topic carry several record types, told apart by
     * fingerprint: cbn.runs carries RunEvent and RunNotice (docs/design.md, messages).
     */
    public boolean recognises(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH || message[0] != MAGIC_0 || message[1] != MAGIC_1) {
            return false;
        }
        return knownWriters.containsKey(ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    /**
     * Decodes one single-object message into the generated class, resolving the writer schema
     * by fingerprint.
     *
     * @throws AvroCodecException naming the reason: too short, bad magic, unknown fingerprint, corrupt body
     */
    public T decode(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length < HEADER_LENGTH) {
            throw new AvroCodecException(AvroCodecException.Reason.TOO_SHORT,
                    "message of " + message.length + " bytes is shorter than the " + HEADER_LENGTH
                            + "-byte Avro single-object header (C3 01 + 8-byte schema fingerprint)");
        }
        if (message[0] != MAGIC_0 || message[1] != MAGIC_1) {
            throw new AvroCodecException(AvroCodecException.Reason.BAD_MAGIC,
                    String.format("bad magic %02X %02X: not an Avro single-object message (expected C3 01)",
                            message[0], message[1]));
        }
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String writer = knownWriters.get(fingerprint);
        if (writer == null) {
            throw new AvroCodecException(AvroCodecException.Reason.UNKNOWN_FINGERPRINT,
                    String.format("unknown writer schema fingerprint %016x for %s; known: %s"
                                    + " (a newer producer? upgrade this reader or pin the writer's version)",
                            fingerprint, typeName, describeKnown()));
        }
        try {
            return decoder.decode(message);
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException(AvroCodecException.Reason.CORRUPT_BODY,
                    "corrupt " + writer + " body (" + (message.length - HEADER_LENGTH) + " bytes): " + e, e);
        }
    }

    private Object downgrade(T record) throws IOException {
        ByteArrayOutputStream current = new ByteArrayOutputStream(256);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(current, null);
        new SpecificDatumWriter<T>(readerSchema, model).write(record, out);
        out.flush();
        GenericDatumReader<Object> reader = new GenericDatumReader<>(readerSchema, pinnedWriter, GenericData.get());
        return reader.read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
    }

    private String describeKnown() {
        return knownWriters.entrySet().stream()
                .map(e -> String.format("%s=%016x", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
    }
}
