package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.SandboxPolicy;
import org.junit.jupiter.api.Test;

/**
 * Contexts run under GraalJS's TRUSTED policy only because the memory and global options need it: everything
 * else must still pass the CONSTRAINED policy's validation, which rejects any weaker setting.
 */
class JsEngineSandboxTest {

    @Test
    void contextRestrictionsPassTheConstrainedPolicysValidation() {
        try (Context context = JsEngine.sandboxedContext(new ModuleFileSystem(), SandboxPolicy.CONSTRAINED).build()) {
            assertEquals(2, context.eval("js", "1 + 1").asInt());
        }
    }

    @Test
    void theTrustedOnlyOptionsAreWhyContextsAreTrusted() {
        for (var option : JsEngine.memoryOptions(JsEngine.DEFAULT_ALLOCATED_BYTES).entrySet()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JsEngine
                    .sandboxedContext(new ModuleFileSystem(), SandboxPolicy.CONSTRAINED)
                    .allowExperimentalOptions(true).option(option.getKey(), option.getValue()).build().close(),
                    option.getKey());
            assertTrue(refused.getMessage().contains("TRUSTED"), refused::getMessage);
        }
    }

    @Test
    void singleAllocationBoundsFollowTheAllocationLimit() {
        assertEquals(64L << 20, JsEngine.maxBufferBytes(256L << 20));
        assertEquals(32L << 20, JsEngine.maxStringLength(256L << 20));
        assertEquals(1L << 20, JsEngine.maxBufferBytes(1024), "at least 1 MiB");
        assertEquals(Integer.MAX_VALUE - 8, JsEngine.maxBufferBytes(Long.MAX_VALUE), "GraalJS's own ceiling");
        assertEquals((1 << 30) - 25, JsEngine.maxStringLength(Long.MAX_VALUE), "GraalJS's own ceiling");
    }

    @Test
    void aNewContextHasNoHostGlobalsAndNoEval() {
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all(), 64L << 20); Context context = engine.newContext(new ModuleFileSystem())) {
            assertEquals("", context.eval("js", """
                    ['Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'Polyglot', 'Graal', 'arguments',
                     'load', 'print', 'require'].filter(n => n in globalThis).join()""").asString());
            assertEquals("EvalError", context.eval("js", "try { eval('1') } catch (e) { e.name }").asString());
            assertEquals("RangeError", context.eval("js", "try { new ArrayBuffer(16 * 2 ** 20 + 1) } catch (e) { e.name }").asString());
            assertEquals("RangeError", context.eval("js", "try { 'x'.repeat(8 * 2 ** 20 + 1) } catch (e) { e.name }").asString());
        }
    }
}
