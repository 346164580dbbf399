package io.cbn.schemas.codec;

import io.cbn.schemas.ImageJob;

/** Kafka serializer for {@link ImageJob} ({@code value.serializer=io.cbn.schemas.codec.ImageJobSerializer}). */
public final class ImageJobSerializer extends AvroSerializer<ImageJob> {
    public ImageJobSerializer() {
        super(ImageJob.class);
    }
}
