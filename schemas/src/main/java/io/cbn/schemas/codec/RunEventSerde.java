package io.cbn.schemas.codec;

import io.cbn.schemas.RunEvent;

/** Kafka Streams serde for {@link RunEvent}. */
public final class RunEventSerde extends AvroSerde<RunEvent> {
    public RunEventSerde() {
        super(RunEvent.class);
    }
}
