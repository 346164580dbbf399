package io.cbn.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void isTruncatedSha256OverNulSeparatedParts() {
        // printf 'run-1\0/photos\0a/b.jpg' | sha256sum | cut -c1-32
        assertEquals("3787883b4b51f33cf8e84184752638f5", JobIds.jobId("run-1", "/photos", "a/b.jpg"));
    }

    @Test
    void isStableAndShapedAsHex() {
        String id = JobIds.jobId("r", "/root", "dir/ä.png");
        assertEquals(id, JobIds.jobId("r", "/root", "dir/ä.png"));
        assertEquals(JobIds.LENGTH, id.length());
        assertTrue(id.matches("[0-9a-f]{32}"), id);
    }

    @Test
    void differsWhenAnyPartDiffers() {
        String base = JobIds.jobId("r", "/root", "a.png");
        assertNotEquals(base, JobIds.jobId("r2", "/root", "a.png"));
        assertNotEquals(base, JobIds.jobId("r", "/root2", "a.png"));
        assertNotEquals(base, JobIds.jobId("r", "/root", "b.png"));
        // the separator keeps part boundaries apart
        assertNotEquals(JobIds.jobId("r", "/a", "bc"), JobIds.jobId("r", "/ab", "c"));
    }
}
