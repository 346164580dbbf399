package io.cbn.aggregator.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.codec.AvroCodec;
import io.cbn.schemas.codec.ReleasedSchemas;

/**
 * Decodes JobResult single-object messages on the aggregator's hot path: the same writer schemas,
 * the same resolution to the generated class as {@link AvroCodec}, but through one reused buffered
 * {@link BinaryDecoder} over the message bytes (the codec's message decoder reads the body byte by
 * byte from a stream, a visible share of the aggregator's time per result). Anything it does not
 * recognise goes to the codec, which throws the codec's own, precise error. The record returned is reused by the
 * next call (its fields, lists and nested records are overwritten): a caller takes what it needs before decoding
 * the next message. Not thread-safe.
 */
final class ResultDecoder {

    private final AvroCodec<JobResult> codec = AvroCodec.of(JobResult.class);
    private final Map<Long, SpecificDatumReader<JobResult>> readers = new HashMap<>();
    private BinaryDecoder decoder;
    /** The last result decoded, filled again by the next decode (no new records per message). */
    private JobResult reuse;

    ResultDecoder() {
        Schema reader = JobResult.getClassSchema();
        List<Schema> writers = new java.util.ArrayList<>(ReleasedSchemas.versions(reader.getName()));
        writers.add(reader);
        for (Schema writer : writers) {
            readers.putIfAbsent(AvroCodec.fingerprint(writer), new SpecificDatumReader<>(writer, reader));
        }
    }

    JobResult decode(byte[] message) {
        if (message != null && message.length > AvroCodec.HEADER_LENGTH && message[0] == (byte) 0xC3
                && message[1] == 0x01) {
            SpecificDatumReader<JobResult> reader = readers.get(
                    ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
            if (reader != null) {
                try {
                    decoder = DecoderFactory.get().binaryDecoder(message, AvroCodec.HEADER_LENGTH,
                            message.length - AvroCodec.HEADER_LENGTH, decoder);
                    JobResult result = reader.read(reuse, decoder);
                    if (decoder.isEnd()) {
                        reuse = result;
                        return result;
                    }
                    reuse = null;
                } catch (IOException | RuntimeException e) {
                    reuse = null; // may be half filled
                    // fall through: the codec names what is wrong
                }
            }
        }
        return codec.decode(message);
    }
}
