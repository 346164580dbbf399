// Synthetic but well-formed results for bench/aggregator-bench.sh, published straight to cbn.results /
// cbn.runs with the same Avro single-object encoding as the workers and the producer. Run as a Java
// single-file program on the aggregator's class path (schemas + kafka-clients):
//   java -cp 'aggregator/target/quarkus-app/lib/main/*' bench/AggregatorBenchPublisher.java BOOTSTRAP CMD ...
//   history RUNS ITEMS ADMIN OUT     RUNS closed runs of ITEMS results each (OPENED, results, SEALED)
//   big RUN N ADMIN OUT              OPENED + SEALED(N), then N-1 results, 1% duplicates, 2% FAILED/REJECTED
//   last RUN N                       the N-th (last) result of the big run; prints its ack time (epoch ms)
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.Metrics;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.WorkerBuild;
import io.cbn.schemas.codec.AvroCodec;

public class AggregatorBenchPublisher {

    static final AvroCodec<RunEvent> EVENTS = AvroCodec.of(RunEvent.class);
    static final AvroCodec<JobResult> RESULTS = AvroCodec.of(JobResult.class);
    static final WorkerBuild BUILD = WorkerBuild.newBuilder().setVersion("0.1.0").setCommit("bench").build();
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long started = System.nanoTime();
            long sent = 0;
            switch (args[1]) {
                case "history" -> {
                    int runs = Integer.parseInt(args[2]);
                    int items = Integer.parseInt(args[3]);
                    for (int r = 0; r < runs; r++) {
                        String run = String.format("hist-%02d", r);
                        opened(producer, run, args[4], args[5], T0.plusSeconds(r * 1000L));
                        sealed(producer, run, items, T0.plusSeconds(r * 1000L + 1));
                        for (int i = 0; i < items; i++) {
                            send(producer, result(run, i, T0.plusSeconds(r * 1000L + 2).plusMillis(i)));
                            sent++;
                        }
                    }
                }
                case "big" -> {
                    String run = args[2];
                    int n = Integer.parseInt(args[3]);
                    opened(producer, run, args[4], args[5], T0.plusSeconds(100_000));
                    sealed(producer, run, n, T0.plusSeconds(100_001));
                    for (int i = 0; i < n - 1; i++) {
                        JobResult r = result(run, i, T0.plusSeconds(100_002).plusMillis(i));
                        send(producer, r);
                        sent++;
                        if (i % 100 == 37) { // 1% duplicates: a redelivered job reported again
                            send(producer, JobResult.newBuilder(r).setAttempt(2).setFinishedAt(r.getFinishedAt().plusSeconds(5)).build());
                            sent++;
                        }
                    }
                }
                case "last" -> {
                    String run = args[2];
                    int n = Integer.parseInt(args[3]);
                    producer.send(new ProducerRecord<>("cbn.results", run + "-" + (n - 1),
                            RESULTS.encode(result(run, n - 1, T0.plusSeconds(200_000))))).get();
                    System.out.println(System.currentTimeMillis());
                    return;
                }
                default -> throw new IllegalArgumentException(args[1]);
            }
            producer.flush();
            double secs = (System.nanoTime() - started) / 1e9;
            System.err.printf("published %,d results in %.1f s (%,.0f/s)%n", sent, secs, sent / secs);
        }
    }

    static void send(KafkaProducer<String, byte[]> producer, JobResult r) {
        producer.send(new ProducerRecord<>("cbn.results", r.getJobId(), RESULTS.encode(r)));
    }

    /** Job i of a run: 1% FAILED, 1% REJECTED, the rest CREATED with three outputs. */
    static JobResult result(String run, int i, Instant at) {
        String rel = String.format("d%02d/img_%07d.jpg", i % 20, i);
        JobResult.Builder b = JobResult.newBuilder().setRunId(run).setJobId(run + "-" + i).setSourceRoot("/photos")
                .setRelativePath(rel).setMessage("").setAttempt(1).setWorkerId("worker-" + (i % 4))
                .setWorkerBuild(BUILD).setFinishedAt(at).setQaFlags(List.of()).setOutputs(List.of());
        if (i % 100 == 11) {
            return b.setOutcome(Outcome.FAILED).setReason("DECODE_ERROR").setMessage("truncated JPEG").build();
        }
        if (i % 100 == 12) {
            return b.setOutcome(Outcome.REJECTED).setReason("TOO_SMALL").setMessage("32x20 px").build();
        }
        String stem = rel.substring(0, rel.length() - 4);
        String sha = String.format("%064x", (long) i * 2654435761L);
        return b.setOutcome(Outcome.CREATED)
                .setOutputs(List.of(out(stem + ".svg", 48_213 + i % 1000, sha), out(stem + "-preview.png", 310_442, sha),
                        out(stem + "-palette.json", 1_812, sha)))
                .setMetrics(Metrics.newBuilder().setSourceWidth(4000).setSourceHeight(3000).setWidth(1600).setHeight(1200)
                        .setColours(16).setRegions(420).setSmallestRegionPx(90).setLabelFit(1.0).setDeltaE00Mean(4.1)
                        .setDeltaE00P95(9.8).setDurationMs(2100 + i % 500).setStageMs(Map.of()).build())
                .setQaFlags(i % 250 == 3 ? List.of("DAMAGED_SOURCE") : List.of()).build();
    }

    static OutputFile out(String path, long bytes, String sha) {
        return OutputFile.newBuilder().setPath(path).setBytes(bytes).setSha256(sha).build();
    }

    static void opened(KafkaProducer<String, byte[]> producer, String run, String admin, String out, Instant at) throws Exception {
        producer.send(new ProducerRecord<>("cbn.runs", run, EVENTS.encode(RunEvent.newBuilder().setRunId(run)
                .setType(RunEventType.OPENED).setSourcePaths(List.of("/photos")).setOutputPath(out).setAdminPath(admin)
                .setAt(at).build()))).get();
    }

    static void sealed(KafkaProducer<String, byte[]> producer, String run, long n, Instant at) throws Exception {
        producer.send(new ProducerRecord<>("cbn.runs", run, EVENTS.encode(RunEvent.newBuilder().setRunId(run)
                .setType(RunEventType.SEALED).setExpectedJobs(n).setAt(at).build()))).get();
    }
}
