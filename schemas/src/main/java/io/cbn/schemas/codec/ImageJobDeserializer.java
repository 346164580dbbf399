package io.cbn.schemas.codec;

import io.cbn.schemas.ImageJob;

/** Kafka deserializer for {@link ImageJob} ({@code value.deserializer=io.cbn.schemas.codec.ImageJobDeserializer}). */
public final class ImageJobDeserializer extends AvroDeserializer<ImageJob> {
    public ImageJobDeserializer() {
        super(ImageJob.class);
    }
}
