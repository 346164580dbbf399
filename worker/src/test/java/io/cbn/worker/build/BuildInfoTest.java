package io.cbn.worker.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void cleanAndDirtyCommits() {
        assertEquals(new BuildInfo("0.1.0", "abc1234"),
                BuildInfo.fromProperties(props("git.build.version", "0.1.0", "git.commit.id.abbrev", "abc1234", "git.dirty", "false"), "x"));
        assertEquals(new BuildInfo("0.1.0", "abc1234-dirty"),
                BuildInfo.fromProperties(props("git.build.version", "0.1.0", "git.commit.id.abbrev", "abc1234", "git.dirty", "true"), "x"));
    }

    @Test
    void withoutGitMetadataTheCommitIsUnknownAndTheVersionFallsBack() {
        assertEquals(new BuildInfo("9.9", "unknown"), BuildInfo.fromProperties(new Properties(), "9.9"));
        assertEquals(new BuildInfo("unknown", "unknown"), BuildInfo.fromProperties(new Properties(), null));
    }

    @Test
    void theBuildWroteGitPropertiesIntoTheClasses() {
        BuildInfo info = BuildInfo.fromClasspath(BuildInfo.class.getClassLoader(), null);
        assertNotEquals("unknown", info.version());
        assertTrue(info.commit().matches("[0-9a-f]{7}(-dirty)?"), info.commit());
    }
}
