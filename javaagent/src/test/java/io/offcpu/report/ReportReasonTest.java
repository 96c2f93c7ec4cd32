package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReportReasonTest {
    @Test
    void parsesTheReasonsUsersTypeAndNothingElse() {
        for (String r : ReportReason.ALL) {
            assertEquals(r, ReportReason.parse(r.toUpperCase()));
        }
        assertNull(ReportReason.parse("io"));
        assertNull(ReportReason.parse(""));
    }
}
