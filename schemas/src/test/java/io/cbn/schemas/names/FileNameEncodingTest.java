package io.cbn.schemas.names;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileNameEncodingTest {

    @Test
    void onlyUtf8FileNamesStartAService() {
        assertNull(FileNameEncoding.problem("worker", "x", "UTF-8"));
        assertNull(FileNameEncoding.problem("worker", "x", "utf-8"));
        String p = FileNameEncoding.problem("aggregator", "outputs could not be checked", "ANSI_X3.4-1968");
        assertTrue(p.startsWith("cbn aggregator:") && p.contains("ANSI_X3.4-1968") && p.contains("LC_ALL=C.UTF-8")
                && p.contains("outputs could not be checked"), p);
        assertNull(FileNameEncoding.problemOfThisJvm("worker", "x"), "the tests run with a UTF-8 locale");
    }
}
