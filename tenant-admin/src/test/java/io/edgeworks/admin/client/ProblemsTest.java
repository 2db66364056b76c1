package io.edgeworks.admin.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemsTest {
    @Test
    void readsDetailAndFieldErrors() {
        ApiException e = Problems.fromBody(400, """
                {"status":400,"detail":"modules.worker.js does not parse","errors":[{"field":"modules.worker.js","message":"line 2: unexpected }"}]}""");
        assertEquals("modules.worker.js does not parse", e.detail());
        assertEquals("line 2: unexpected }", e.errorFor("modules").orElseThrow());
        assertEquals("line 2: unexpected }", e.errorFor("modules.worker.js").orElseThrow());
        assertTrue(e.errorFor("vars").isEmpty());
    }

    @Test
    void indexedFieldsMatchTheirRow() {
        ApiException e = Problems.fromBody(400, """
                {"detail":"x","errors":[{"field":"bindings[1].service","message":"names no service"}]}""");
        assertEquals("names no service", e.errorFor("bindings[1]").orElseThrow());
        assertTrue(e.errorFor("bindings[0]").isEmpty());
    }

    @Test
    void aBodyThatIsNotJsonFallsBackToWordsForTheStatus() {
        assertEquals("Your role in this account does not allow this. Ask an admin or owner of the account.",
                Problems.fromBody(403, "<html>nope</html>").detail());
        assertEquals("Your session has expired. Sign out and sign in again.", Problems.fromBody(401, "").detail());
    }
}
