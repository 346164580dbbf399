package io.cbn.schemas.codec;

import io.cbn.schemas.ImageJob;

/** Kafka Streams serde for {@link ImageJob}. */
public final class ImageJobSerde extends AvroSerde<ImageJob> {
    public ImageJobSerde() {
        super(ImageJob.class);
    }
}
