package io.cbn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.Samples;

/**
 * Guards rolling upgrades: every released version must stay readable, the newest released
 * version must be what the generated classes write, and each version must be backward and
 * forward compatible with the one before it. Iterates over whatever versions are present.
 */
class SchemaEvolutionTest {

    /** Every message type with a sample; add new message types here. */
    private static final Map<Class<? extends SpecificRecord>, SpecificRecord> MESSAGES = Map.of(
            ImageJob.class, Samples.imageJob(),
            JobResult.class, Samples.created(),
            RunEvent.class, Samples.opened(),
            RunNotice.class, Samples.held());

    @TestFactory
    Stream<DynamicTest> everyReleasedVersionIsBackwardAndForwardCompatibleWithThePrevious() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : MESSAGES.keySet()) {
            String name = type.getSimpleName();
            List<Schema> versions = ReleasedSchemas.versions(name);
            for (int i = 1; i < versions.size(); i++) {
                Schema previous = versions.get(i - 1);
                Schema next = versions.get(i);
                tests.add(dynamicTest(name + " v" + i + " <-> v" + (i + 1), () -> assertMutuallyCompatible(previous, next)));
            }
            Schema newest = versions.get(versions.size() - 1);
            tests.add(dynamicTest(name + " newest released <-> generated",
                    () -> assertMutuallyCompatible(newest, generated(type))));
        }
        return tests.stream();
    }

    @Test
    void newestReleasedVersionIsTheGeneratedSchema() {
        for (Class<? extends SpecificRecord> type : MESSAGES.keySet()) {
            List<Schema> versions = ReleasedSchemas.versions(type.getSimpleName());
            Schema newest = versions.get(versions.size() - 1);
            assertEquals(AvroCodec.fingerprint(generated(type)), AvroCodec.fingerprint(newest),
                    type.getSimpleName() + ": src/main/avro changed without releasing v" + (versions.size() + 1)
                            + " under " + ReleasedSchemas.resource(type.getSimpleName(), versions.size() + 1));
            assertEquals(generated(type), newest, type.getSimpleName());
        }
    }

    @Test
    void releasedVersionsHaveDistinctFingerprints() {
        for (Class<? extends SpecificRecord> type : MESSAGES.keySet()) {
            List<Schema> versions = ReleasedSchemas.versions(type.getSimpleName());
            Set<Long> fingerprints = versions.stream().map(AvroCodec::fingerprint).collect(Collectors.toSet());
            assertEquals(versions.size(), fingerprints.size(), type.getSimpleName() + ": a version repeats another");
        }
    }

    @TestFactory
    Stream<DynamicTest> messagesWrittenWithEveryReleasedVersionDecode() {
        List<DynamicTest> tests = new ArrayList<>();
        MESSAGES.forEach((type, sample) -> {
            List<Schema> versions = ReleasedSchemas.versions(type.getSimpleName());
            for (int v = 1; v <= versions.size(); v++) {
                int version = v;
                Schema writer = versions.get(v - 1);
                tests.add(dynamicTest(type.getSimpleName() + " written as v" + v,
                        () -> assertDecodesWrittenAs(type, sample, version, writer)));
            }
        });
        return tests.stream();
    }

    @Test
    void decodesAMessageFromAnOlderWriterFillingDefaults() {
        // an older JobResult without three fields that were later added with defaults
        Schema current = generated(JobResult.class);
        Schema older = without(current, "sourceRoot", "qaFlags", "attempt");
        assertMutuallyCompatible(older, current);

        byte[] message = AvroCodec.writingWith(JobResult.class, older, List.of()).encode(Samples.created());
        assertEquals(AvroCodec.fingerprint(older), fingerprintOf(message));

        JobResult decoded = AvroCodec.of(JobResult.class, 0, List.of(older)).decode(message);
        assertEquals("", decoded.getSourceRoot());
        assertEquals(List.of(), decoded.getQaFlags());
        assertEquals(1, decoded.getAttempt());
        assertEquals(Samples.created().getJobId(), decoded.getJobId());
        assertEquals(Samples.created().getMetrics(), decoded.getMetrics());
        assertEquals(Samples.created().getOutputs(), decoded.getOutputs());

        // a writer schema that was never released is refused, naming the fingerprint
        AvroCodecException refused = assertThrows(AvroCodecException.class, () -> AvroCodec.of(JobResult.class).decode(message));
        assertEquals(AvroCodecException.Reason.UNKNOWN_FINGERPRINT, refused.reason());
        assertTrue(refused.getMessage().contains(String.format("%016x", AvroCodec.fingerprint(older))), refused.getMessage());
    }

    @Test
    void decodesAMessageFromANewerV2WriterIgnoringItsNewFields() throws IOException {
        Schema current = generated(ImageJob.class);
        Schema v2 = with(current, new Schema.Field("priority", Schema.create(Schema.Type.INT), "candidate v2 field", 0));
        assertMutuallyCompatible(current, v2);

        GenericRecord record = project(Samples.imageJob(), v2);
        assertEquals(0, record.get("priority"));
        record.put("priority", 7);
        byte[] message = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(record).array();

        ImageJob decoded = AvroCodec.of(ImageJob.class, 0, List.of(v2)).decode(message);
        assertEquals(Samples.imageJob(), decoded);
    }

    @Test
    void worstDeltaE00IsOptionalBothWays() throws IOException {
        // JobResult v3 added worstDeltaE00 (null default): a v2 writer's result reads as null, a v2 reader skips it
        List<Schema> versions = ReleasedSchemas.versions("JobResult");
        assertTrue(versions.size() >= 3, "JobResult v3 released");
        Schema v2 = versions.get(1), v3 = versions.get(2);
        assertEquals(null, v2.getField("worstDeltaE00"));
        assertTrue(v3.getField("worstDeltaE00").hasDefaultValue());
        assertMutuallyCompatible(v2, v3);

        JobResult fromOld = AvroCodec.of(JobResult.class).decode(AvroCodec.of(JobResult.class, 2).encode(Samples.created()));
        assertEquals(null, fromOld.getWorstDeltaE00(), "a v2 worker's result has no worst dE00");
        assertEquals(Samples.created().getMetrics(), fromOld.getMetrics());

        byte[] fromNew = AvroCodec.of(JobResult.class, 3).encode(Samples.created());
        assertEquals(6.25, AvroCodec.of(JobResult.class).decode(fromNew).getWorstDeltaE00());
        GenericRecord asV2 = new GenericDatumReader<GenericRecord>(v3, v2).read(null,
                DecoderFactory.get().binaryDecoder(java.util.Arrays.copyOfRange(fromNew, 10, fromNew.length), null));
        assertEquals(Samples.created().getJobId(), asV2.get("jobId").toString(), "a v2 reader skips the new field");
    }

    @Test
    void compatibilityCheckCatchesAFieldAddedWithoutDefault() {
        Schema current = generated(ImageJob.class);
        Schema bad = with(current, new Schema.Field("priority", Schema.create(Schema.Type.INT), "no default", (Object) null));
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(current, bad).getType());
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(bad, current).getType());
        assertFalse(isMutuallyCompatible(current, bad));
    }

    @Test
    void pinnedWriterVersionMustBeReleased() {
        int next = ReleasedSchemas.versions("ImageJob").size() + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroCodec.of(ImageJob.class, next));
        assertTrue(e.getMessage().contains("no released version v" + next), e.getMessage());
    }

    private static void assertDecodesWrittenAs(Class<? extends SpecificRecord> type, SpecificRecord sample,
                                               int version, Schema writer) {
        byte[] message = encodeAs(type, sample, version);
        assertEquals(AvroCodec.fingerprint(writer), fingerprintOf(message));
        SpecificRecord decoded = AvroCodec.of(type).decode(message);
        for (Schema.Field field : writer.getFields()) {
            assertEquals(sample.get(sample.getSchema().getField(field.name()).pos()),
                    decoded.get(decoded.getSchema().getField(field.name()).pos()), field.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encodeAs(Class<T> type, SpecificRecord sample, int version) {
        return AvroCodec.of(type, version).encode((T) sample);
    }

    private static void assertMutuallyCompatible(Schema previous, Schema next) {
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(next, previous);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, backward.getType(),
                "new reader cannot read old data: " + backward.getResult().getIncompatibilities());
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(previous, next);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, forward.getType(),
                "old reader cannot read new data: " + forward.getResult().getIncompatibilities());
    }

    private static boolean isMutuallyCompatible(Schema a, Schema b) {
        return SchemaCompatibility.checkReaderWriterCompatibility(a, b).getType() == SchemaCompatibilityType.COMPATIBLE
                && SchemaCompatibility.checkReaderWriterCompatibility(b, a).getType() == SchemaCompatibilityType.COMPATIBLE;
    }

    private static Schema generated(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }

    private static long fingerprintOf(byte[] message) {
        return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static Schema without(Schema schema, String... names) {
        Set<String> drop = Set.of(names);
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !drop.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .collect(Collectors.toList());
        assertNotEquals(schema.getFields().size(), fields.size());
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static Schema with(Schema schema, Schema.Field extra) {
        List<Schema.Field> fields = schema.getFields().stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .collect(Collectors.toCollection(ArrayList::new));
        fields.add(extra);
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static GenericRecord project(ImageJob job, Schema target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<ImageJob>(ImageJob.getClassSchema(), SpecificData.getForClass(ImageJob.class)).write(job, out);
        out.flush();
        return new GenericDatumReader<GenericRecord>(ImageJob.getClassSchema(), target, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
