package io.cbn.schemas.codec;

import io.cbn.schemas.RunNotice;

/** Kafka serializer for {@link RunNotice} ({@code value.serializer=io.cbn.schemas.codec.RunNoticeSerializer}). */
public final class RunNoticeSerializer extends AvroSerializer<RunNotice> {
    public RunNoticeSerializer() {
        super(RunNotice.class);
    }
}
