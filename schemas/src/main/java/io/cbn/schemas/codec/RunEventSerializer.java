package io.cbn.schemas.codec;

import io.cbn.schemas.RunEvent;

/** Kafka serializer for {@link RunEvent} ({@code value.serializer=io.cbn.schemas.codec.RunEventSerializer}). */
public final class RunEventSerializer extends AvroSerializer<RunEvent> {
    public RunEventSerializer() {
        super(RunEvent.class);
    }
}
