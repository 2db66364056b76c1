package io.edgeworks.admin.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void aSyntaxErrorsLineAndColumnAreRead() {
        ApiException e = Problems.fromBody(400, """
                {"status":400,"detail":"d","errors":[{"field":"modules.lib/a.js","message":"syntax error at line 3, column 7","line":3,"column":7},\
                {"field":"main_module","message":"x"},{"field":"modules.b.js","message":"y","line":"3","column":-1}]}""");
        ApiException.FieldError syntax = e.fieldError("modules.lib/a.js").orElseThrow();
        assertEquals(3, syntax.line());
        assertEquals(7, syntax.column());
        // absent, non-numeric or non-positive positions are no position
        assertNull(e.fieldError("main_module").orElseThrow().line());
        assertNull(e.fieldError("modules.b.js").orElseThrow().line());
        assertNull(e.fieldError("modules.b.js").orElseThrow().column());
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
