package io.cbn.schemas.names;

/**
 * The one rule for the JVM's file-name encoding that the worker and the aggregator both enforce at start
 * (docs/design.md, Messages: file names). Java maps names through {@code sun.jnu.encoding}, fixed from the locale
 * when the JVM starts (on Java 17 {@code -Dsun.jnu.encoding} is ignored: measured); with {@code LANG} unset it is
 * ASCII and no output named after a non-ASCII source could be written or re-hashed. The launcher and the container
 * images set {@code LC_ALL=C.UTF-8}.
 */
public final class FileNameEncoding {

    private FileNameEncoding() {
    }

    /**
     * Null when {@code jnuEncoding} is UTF-8, else why {@code service} does not start; {@code consequence} says what
     * would go wrong in that service.
     */
    public static String problem(String service, String consequence, String jnuEncoding) {
        if ("UTF-8".equalsIgnoreCase(jnuEncoding)) return null;
        return "cbn " + service + ": this JVM maps file names as " + jnuEncoding + " (sun.jnu.encoding, from the locale),"
                + " not UTF-8: " + consequence + ". Start it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"
                + " (./cbn and the container images set it); -Dsun.jnu.encoding does not work on Java 17.";
    }

    /** {@link #problem(String, String, String)} for this JVM. */
    public static String problemOfThisJvm(String service, String consequence) {
        return problem(service, consequence, System.getProperty("sun.jnu.encoding", ""));
    }
}
