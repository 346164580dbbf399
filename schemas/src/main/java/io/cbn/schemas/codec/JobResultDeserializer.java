package io.cbn.schemas.codec;

import io.cbn.schemas.JobResult;

/** Kafka deserializer for {@link JobResult} ({@code value.deserializer=io.cbn.schemas.codec.JobResultDeserializer}). */
public final class JobResultDeserializer extends AvroDeserializer<JobResult> {
    public JobResultDeserializer() {
        super(JobResult.class);
    }
}
