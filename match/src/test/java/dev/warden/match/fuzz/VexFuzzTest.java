package dev.warden.match.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.WardenException;
import dev.warden.match.vex.VexDocuments;

/**
 * VEX documents (OpenVEX, CycloneDX VEX, CSAF) as someone else writes them: each is read or refused with a
 * WardenException; anything else is a finding. Regression mode replays
 * src/test/resources/dev/warden/match/fuzz/VexFuzzTestInputs/.
 */
class VexFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void vexDocument(byte[] input) {
        try {
            VexDocuments.parse(input, "fuzz.vex.json", warning -> {});
        } catch (WardenException e) {
            // refused with a user-facing line: what hostile input should get
        }
    }
}
