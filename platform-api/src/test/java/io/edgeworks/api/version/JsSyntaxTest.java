package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsSyntaxTest {
    private static final JsSyntax SYNTAX = new JsSyntax();

    @BeforeAll
    static void start() {
        SYNTAX.start();
    }

    @AfterAll
    static void stop() {
        SYNTAX.stop();
    }

    @Test
    void validModulesParseWithoutRunning() {
        // would throw if it ran: parsing must not evaluate
        assertEquals(List.of(), SYNTAX.check(Map.of("worker.js", "throw new Error('ran');\nexport default {}")));
    }

    @Test
    void syntaxErrorsNameModuleLineAndColumn() {
        List<FieldError> errors = SYNTAX.check(Map.of("ok.js", "export const a = 1;", "lib/bad.js", "export const x = ;\n"));
        assertEquals(1, errors.size());
        assertEquals("modules.lib/bad.js", errors.getFirst().field());
        assertTrue(errors.getFirst().message().contains("line 1, column 18"), errors.getFirst().message());
        assertEquals(1, errors.getFirst().line());
        assertEquals(18, errors.getFirst().column());
    }

    @Test
    void thePositionIsTheLineAndColumnOfTheOffendingToken() {
        FieldError error = SYNTAX.check(Map.of("worker.js", "export default {\n  async fetch() {\n    return new Response(\"hi\" +);\n  }\n};\n"))
                .getFirst();
        assertEquals(3, error.line(), error.message());
        assertEquals(31, error.column(), error.message());
        assertTrue(error.message().contains("line 3, column 31"), error.message());
    }

    @Test
    void parsingATenKilobyteModuleTakesMilliseconds() {
        StringBuilder module = new StringBuilder("export default { fetch() { const t = [\n");
        while (module.length() < 10_000) {
            module.append("'entry padding padding padding padding padding',\n");
        }
        module.append("]; return new Response(String(t.length)); } }\n");
        for (int i = 0; i < 20; i++) {
            SYNTAX.check(Map.of("worker.js", module + "// " + i));
        }
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(), SYNTAX.check(Map.of("worker.js", module + "// warm " + i)));
        }
        double ms = (System.nanoTime() - start) / 1e6 / 50;
        System.out.printf("JsSyntax: %.2f ms per 10 KB module%n", ms);
        assertTrue(ms < 500, "parsing a 10 KB module took " + ms + " ms");
    }
}
