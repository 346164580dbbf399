package io.cbn.schemas.codec;

import io.cbn.schemas.RunEvent;

/** Kafka deserializer for {@link RunEvent} ({@code value.deserializer=io.cbn.schemas.codec.RunEventDeserializer}). */
public final class RunEventDeserializer extends AvroDeserializer<RunEvent> {
    public RunEventDeserializer() {
        super(RunEvent.class);
    }
}
