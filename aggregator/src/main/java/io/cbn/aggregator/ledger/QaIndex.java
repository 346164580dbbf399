package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The QA categories of one run: how many items are in each, and how many items have at least one
 * issue ({@code total}, not the sum of the categories). Kept as counts plus the hashes of the jobs
 * with an issue (so an item found again later, e.g. by the output check, is not counted twice in
 * the total) and the 64-bit hash of each job's first output path (for "Output Path Collision": the
 * later of two jobs listing one path is flagged; the earlier one's line was already written; a
 * job's outputs are all named from one stem, so the first stands for all).
 */
public final class QaIndex {

    private TreeMap<String, Long> byCategory = new TreeMap<>();
    private Hash128Set issueJobs = new Hash128Set();
    private LongHashSet outputPaths = new LongHashSet(16);

    /**
     * Counts a newly counted item in its categories and returns them, sorted (the item line's
     * {@code qaIssues}).
     *
     * @param collisions receives each output path another job listed before
     */
    public List<String> categorise(ItemRecord item, long[] jobHash, Collection<String> collisions) {
        TreeSet<String> categories = null;
        if (item.outcome() != io.cbn.schemas.Outcome.CREATED) {
            categories = new TreeSet<>();
            categories.add(QaCategories.FILES_NOT_CREATED);
        } else if (!item.qaFlags().isEmpty()) {
            categories = new TreeSet<>(item.qaFlags());
        }
        if (!item.outputs().isEmpty()) {
            // the first output (the template) stands for the job's outputs: they are all named from one stem,
            // so two jobs that share any output path share this one (one random memory access per job, not three)
            String path = item.outputs().get(0).path();
            long[] h = new long[2];
            Hash128.of(path.getBytes(StandardCharsets.UTF_8), h);
            if (!outputPaths.add(h[0])) {
                if (categories == null) {
                    categories = new TreeSet<>();
                }
                categories.add(QaCategories.OUTPUT_PATH_COLLISION);
                collisions.add(path);
            }
        }
        if (categories == null) {
            return List.of();
        }
        {
            issueJobs.add(jobHash[0], jobHash[1]);
            for (String c : categories) {
                byCategory.merge(c, 1L, Long::sum);
            }
        }
        return List.copyOf(categories);
    }

    /** Adds already counted jobs (by hash, each once) to one category, e.g. the output check's findings. */
    public void addToCategory(Hash128Set jobs, String category) {
        jobs.forEach((h, l) -> {
            issueJobs.add(h, l);
            byCategory.merge(category, 1L, Long::sum);
        });
    }

    public QaIssues view() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        ordered.put(QaCategories.FILES_NOT_CREATED, byCategory.getOrDefault(QaCategories.FILES_NOT_CREATED, 0L));
        Map<String, Long> rest = new HashMap<>(byCategory);
        rest.remove(QaCategories.FILES_NOT_CREATED);
        rest.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new QaIssues(issueJobs.size(), ordered);
    }

    public void write(DataOutput out) throws IOException {
        Io.counts(out, byCategory);
        issueJobs.write(out);
        outputPaths.write(out);
    }

    public static QaIndex read(DataInput in) throws IOException {
        QaIndex q = new QaIndex();
        q.byCategory = Io.counts(in);
        q.issueJobs = Hash128Set.read(in);
        q.outputPaths = LongHashSet.read(in);
        return q;
    }
}
