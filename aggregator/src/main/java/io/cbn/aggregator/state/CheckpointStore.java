package io.cbn.aggregator.state;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cbn.aggregator.ledger.Io;
import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.RunLedger;

/**
 * The checkpoint (docs/design.md, "Aggregator state"): every open run's ledger with the length of
 * its items.jsonl, the messages kept aside for unknown runs, and the consumer positions (next
 * offset per partition of cbn.runs and cbn.results) they cover. One binary file,
 * {@code <state-dir>/checkpoint.bin}, written to a temp file, forced and renamed, so a crash
 * leaves the previous checkpoint or the new one, never a mix.
 */
public final class CheckpointStore {

    public static final String FILE = "checkpoint.bin";
    private static final long MAGIC_1 = 0x43424e434b505431L; // "CBNCKPT1": before the ledger's worstDeltaE00
    private static final long MAGIC = 0x43424e434b505432L; // "CBNCKPT2"

    /** One open run in a checkpoint. */
    public record OpenRun(RunLedger ledger, long itemsLength) {
    }

    /** What a checkpoint holds. */
    public record Loaded(Map<String, Long> positions, List<OpenRun> runs) {
    }

    private final Path dir;
    private final Path file;

    public CheckpointStore(Path stateDir) {
        this.dir = stateDir;
        this.file = stateDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public void write(Map<String, Long> positions, List<OpenRun> runs, UnknownRuns unknown) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + FILE + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                out.writeLong(MAGIC);
                out.writeInt(positions.size());
                for (Map.Entry<String, Long> e : new TreeMap<>(positions).entrySet()) {
                    Io.str(out, e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(runs.size());
                for (OpenRun run : runs) {
                    out.writeLong(run.itemsLength());
                    run.ledger().write(out);
                }
                unknown.write(out);
                out.writeLong(MAGIC);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The last checkpoint, or null when there is none; unknown-run messages are restored into {@code unknown}. */
    public Loaded load(LedgerSettings settings, UnknownRuns unknown) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            long magic = in.readLong();
            if (magic != MAGIC && magic != MAGIC_1) {
                throw new IOException(file + " is not a cbn aggregator checkpoint");
            }
            int format = magic == MAGIC ? 2 : 1;
            Map<String, Long> positions = new TreeMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                positions.put(Io.str(in), in.readLong());
            }
            int runs = in.readInt();
            List<OpenRun> list = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                long length = in.readLong();
                list.add(new OpenRun(RunLedger.read(in, settings, format), length));
            }
            unknown.read(in);
            if (in.readLong() != magic) {
                throw new IOException(file + " is truncated");
            }
            return new Loaded(positions, list);
        }
    }
}
