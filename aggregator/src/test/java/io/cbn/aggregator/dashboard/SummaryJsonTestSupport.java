package io.cbn.aggregator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

final class SummaryJsonTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryJsonTestSupport() {
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
