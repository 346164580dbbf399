package io.cbn.schemas.codec;

import io.cbn.schemas.JobResult;

/** Kafka Streams serde for {@link JobResult}. */
public final class JobResultSerde extends AvroSerde<JobResult> {
    public JobResultSerde() {
        super(JobResult.class);
    }
}
