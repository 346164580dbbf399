package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileNameEncodingCheckTest {

    @Test
    void onlyUtf8FileNamesStartTheService() {
        assertNull(FileNameEncodingCheck.problem("UTF-8"));
        String p = FileNameEncodingCheck.problem("ANSI_X3.4-1968");
        assertTrue(p.contains("ANSI_X3.4-1968") && p.contains("LC_ALL=C.UTF-8"), p);
        assertNull(FileNameEncodingCheck.problem(System.getProperty("sun.jnu.encoding")), "the tests run with a UTF-8 locale");
    }
}
