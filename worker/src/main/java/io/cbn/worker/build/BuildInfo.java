package io.cbn.worker.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Version and git commit of the running worker, read from the {@code git.properties} that the build
 * (git-commit-id-maven-plugin) writes into the jar. {@code commit} is the abbreviated id, with {@code -dirty}
 * appended when the tree had uncommitted changes at build time; "unknown" when the build had no git metadata.
 */
public record BuildInfo(String version, String commit) {

    public static final String RESOURCE = "git.properties";
    /** The commit of a build without git metadata. */
    public static final String UNKNOWN = "unknown";

    /** Reads {@link #RESOURCE} through {@code loader}; {@code fallbackVersion} when it lacks a version. */
    public static BuildInfo fromClasspath(ClassLoader loader, String fallbackVersion) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return fromProperties(p, fallbackVersion);
    }

    static BuildInfo fromProperties(Properties p, String fallbackVersion) {
        String version = nonBlank(p.getProperty("git.build.version"), nonBlank(fallbackVersion, UNKNOWN));
        String abbrev = nonBlank(p.getProperty("git.commit.id.abbrev"), UNKNOWN);
        boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim());
        return new BuildInfo(version, UNKNOWN.equals(abbrev) || !dirty ? abbrev : abbrev + "-dirty");
    }

    private static String nonBlank(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
