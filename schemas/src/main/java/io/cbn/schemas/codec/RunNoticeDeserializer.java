package io.cbn.schemas.codec;

import io.cbn.schemas.RunNotice;

/** Kafka deserializer for {@link RunNotice} ({@code value.deserializer=io.cbn.schemas.codec.RunNoticeDeserializer}). */
public final class RunNoticeDeserializer extends AvroDeserializer<RunNotice> {
    public RunNoticeDeserializer() {
        super(RunNotice.class);
    }
}
