package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.api.WebApis;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;

/**
 * Realm set-up code is kept out of compilation by name (JsEngine.NEVER_COMPILE_REALM_SETUP): every prelude
 * source must carry that name, and a UMD library's factory is renamed at load. Whether Truffle honours the
 * exclusion needs the Graal compiler, which this tier lacks: the benchmark's compilation trace shows it
 * (deploy/bench/RESULTS.md, "Realm set-up compiled").
 */
class RealmSetupNamingTest {

    @Test
    void everyPreludeSourceNamesItsRealmSetupFunction() {
        try (JsEngine engine = new JsEngine(WebApis.all())) {
            for (Source source : engine.prelude()) {
                assertTrue(source.getCharacters().toString().contains(JsEngine.REALM_SETUP_OPENING),
                        source.getName() + " has no " + JsEngine.REALM_SETUP + " function");
            }
            Source library = engine.prelude().stream().filter(s -> s.getName().startsWith("lib:web-streams-polyfill"))
                    .findFirst().orElseThrow();
            assertTrue(library.getCharacters().toString().contains("(function " + JsEngine.REALM_SETUP + "(exports) {"),
                    "the streams library's UMD factory is renamed");
        }
        assertEquals("~" + JsEngine.REALM_SETUP, JsEngine.NEVER_COMPILE_REALM_SETUP.get("engine.CompileOnly"));
    }

    @Test
    void aLibraryWithoutASingleUmdFactoryIsRefused() {
        assertEquals("x(function " + JsEngine.REALM_SETUP + "(exports) { 1 })",
                JsEngine.umdFactoryNamed("x(function (exports) { 1 })", "a/b.js"));
        assertThrows(IllegalStateException.class, () -> JsEngine.umdFactoryNamed("module.exports = 1", "a/b.js"));
        assertThrows(IllegalStateException.class,
                () -> JsEngine.umdFactoryNamed("(function (exports) {})(function (exports) {})", "a/b.js"));
    }
}
