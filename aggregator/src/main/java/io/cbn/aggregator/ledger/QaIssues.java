package io.cbn.aggregator.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QA issues of a run. {@code total} is the number of items with at least one issue, so an item in
 * two categories counts once in the total and once in each category: the categories can add up to
 * more than the total.
 *
 * @param byCategory count of items per category; {@link QaCategories#FILES_NOT_CREATED} first and
 *                   always present, the rest by count (descending), then name
 */
public record QaIssues(long total, Map<String, Long> byCategory) {

    public QaIssues {
        byCategory = Collections.unmodifiableMap(new LinkedHashMap<>(byCategory));
    }
}
