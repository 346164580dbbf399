package io.cbn.aggregator.engine;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.AvroCodec;

/**
 * What a message of cbn.runs or cbn.results is: a {@link RunNotice} on either topic (CANCEL on cbn.runs, a worker's
 * HELD / RELEASED on cbn.results: a worker may not write cbn.runs, docs/design.md "Security"), else a
 * {@link RunEvent} on cbn.runs and a {@link JobResult} on cbn.results. The result returned is reused by the next
 * decode (see {@link ResultDecoder}). Throws the codec's precise error for anything else. Not thread-safe.
 */
final class MessageDecoder {

    private final AvroCodec<RunEvent> events = AvroCodec.of(RunEvent.class);
    private final AvroCodec<RunNotice> notices = AvroCodec.of(RunNotice.class);
    private final ResultDecoder results = new ResultDecoder();

    Object decode(boolean runsTopic, byte[] value) {
        if (notices.recognises(value)) {
            return notices.decode(value);
        }
        return runsTopic ? events.decode(value) : results.decode(value);
    }
}
