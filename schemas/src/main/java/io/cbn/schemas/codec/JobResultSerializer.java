package io.cbn.schemas.codec;

import io.cbn.schemas.JobResult;

/** Kafka serializer for {@link JobResult} ({@code value.serializer=io.cbn.schemas.codec.JobResultSerializer}). */
public final class JobResultSerializer extends AvroSerializer<JobResult> {
    public JobResultSerializer() {
        super(JobResult.class);
    }
}
