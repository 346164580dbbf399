package io.cbn.aggregator.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The next offset to read of every partition applied so far ("topic-partition" -> offset): what a checkpoint and a
 * run's close record (docs/design.md, "Aggregator state"). The "topic-partition" keys are built once per partition,
 * not once per message. Used by the consumer thread only.
 */
final class Positions {

    private final Map<String, Long> next = new HashMap<>();
    private final Map<String, String[]> keys = new HashMap<>();

    /** The message at {@code offset} was applied: reading goes on after it. */
    void applied(String topic, int partition, long offset) {
        next.put(key(topic, partition), offset + 1);
    }

    void putAll(Map<String, Long> positions) {
        next.putAll(positions);
    }

    /** The live map (for a checkpoint written on this thread). */
    Map<String, Long> view() {
        return next;
    }

    Map<String, Long> copy() {
        return Map.copyOf(next);
    }

    int size() {
        return next.size();
    }

    /** "topic-partition", cached. */
    String key(String topic, int partition) {
        String[] forTopic = keys.get(topic);
        if (forTopic == null || forTopic.length <= partition) {
            String[] grown = new String[Math.max(partition + 1, 16)];
            if (forTopic != null) {
                System.arraycopy(forTopic, 0, grown, 0, forTopic.length);
            }
            forTopic = grown;
            keys.put(topic, forTopic);
        }
        String key = forTopic[partition];
        if (key == null) {
            key = topic + "-" + partition;
            forTopic[partition] = key;
        }
        return key;
    }
}
