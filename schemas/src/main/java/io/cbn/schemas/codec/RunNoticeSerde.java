package io.cbn.schemas.codec;

import io.cbn.schemas.RunNotice;

/** Kafka Streams serde for {@link RunNotice}. */
public final class RunNoticeSerde extends AvroSerde<RunNotice> {
    public RunNoticeSerde() {
        super(RunNotice.class);
    }
}
