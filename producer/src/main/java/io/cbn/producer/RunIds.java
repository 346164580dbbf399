package io.cbn.producer;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Run ids: generated as {@code yyyyMMdd-HHmmss-<6 hex>}; given ones must be safe as a directory name. */
public final class RunIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RunIds() {
    }

    public static String generate() {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return LocalDateTime.now().format(TIME) + "-" + HexFormat.of().formatHex(random);
    }

    /**
     * @throws IllegalArgumentException unless 1-128 characters of {@code A-Z a-z 0-9 . _ -}, starting
     *         with a letter or digit (it names {@code <admin-path>/runs/<runId>/})
     */
    public static String validate(String runId) {
        if (runId == null || !VALID.matcher(runId).matches()) {
            throw new IllegalArgumentException("invalid --run-id '" + runId + "': use 1-128 characters of A-Z a-z 0-9 . _ -"
                    + " starting with a letter or digit (it becomes a directory name)");
        }
        return runId;
    }
}
