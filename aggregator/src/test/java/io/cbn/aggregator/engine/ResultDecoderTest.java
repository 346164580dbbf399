package io.cbn.aggregator.engine;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.codec.AvroCodec;
import io.cbn.schemas.codec.AvroCodecException;

/** The aggregator's fast result decoder reads what the codec reads, every released version, and fails like it. */
class ResultDecoderTest {

    @Test
    void readsCurrentAndPreviousVersionsLikeTheCodec() {
        ResultDecoder fast = new ResultDecoder();
        AvroCodec<JobResult> codec = AvroCodec.of(JobResult.class);
        JobResult r = result("r1", "j1", "naïve/a.jpg", T0).setReused(true).setSourceSha256("ab").build();
        for (int version : new int[] {0, 1, 2}) {
            byte[] bytes = AvroCodec.of(JobResult.class, version).encode(r);
            assertEquals(codec.decode(bytes), fast.decode(bytes), "v" + version);
        }
        assertEquals(r, fast.decode(codec.encode(r)));
    }

    @Test
    void badInputFailsWithTheCodecsReason() {
        ResultDecoder fast = new ResultDecoder();
        byte[] good = AvroCodec.of(JobResult.class).encode(result("r1", "j1", "a.jpg", T0).build());
        assertEquals(AvroCodecException.Reason.TOO_SHORT,
                assertThrows(AvroCodecException.class, () -> fast.decode(new byte[] {1, 2})).reason());
        byte[] unknown = good.clone();
        unknown[5] ^= 0x55;
        assertEquals(AvroCodecException.Reason.UNKNOWN_FINGERPRINT,
                assertThrows(AvroCodecException.class, () -> fast.decode(unknown)).reason());
        assertEquals(AvroCodecException.Reason.CORRUPT_BODY,
                assertThrows(AvroCodecException.class, () -> fast.decode(Arrays.copyOf(good, good.length - 7))).reason());
    }

    @Test
    void aRecordReusedForTheNextMessageHoldsOnlyThatMessage() {
        ResultDecoder fast = new ResultDecoder();
        AvroCodec<JobResult> codec = AvroCodec.of(JobResult.class);
        java.util.List<JobResult> sequence = java.util.List.of(
                io.cbn.aggregator.testing.Events.created("r1", "j1", "a/b.jpg", T0),
                io.cbn.aggregator.testing.Events.notCreated("r1", "j2", "c.jpg", io.cbn.schemas.Outcome.FAILED,
                        "DECODE_ERROR", T0.plusSeconds(1)),
                result("r2", "j3", "d.jpg", T0).setQaFlags(java.util.List.of("SOURCE_CHANGED", "DAMAGED_SOURCE"))
                        .setOutputs(java.util.List.of(io.cbn.aggregator.testing.Events.output("d.svg", 5, "cd"))).build(),
                io.cbn.aggregator.testing.Events.created("r1", "j4", "e.jpg", T0.plusSeconds(2)));
        for (JobResult r : sequence) {
            byte[] bytes = codec.encode(r);
            assertEquals(codec.decode(bytes), fast.decode(bytes), r.getJobId());
        }
    }
}
