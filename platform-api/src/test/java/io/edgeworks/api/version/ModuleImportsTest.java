package io.edgeworks.api.version;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModuleImportsTest {

    @Test
    void findsStaticSideEffectReExportAndDynamicImportsButNotComments() {
        String source = """
                import a from './a.js';
                import { b, c as d } from "../lib/b.js";
                import * as e from './e.js';
                import './side.js';
                export { x } from './x.js';
                export * from './all.js';
                const lazy = await import('./lazy.js');
                // import nope from './commented.js';
                /* import nope2 from './block.js'; */
                const s = "import fake from './in-string.js'";
                """;
        assertEquals(Set.of("./a.js", "../lib/b.js", "./e.js", "./side.js", "./x.js", "./all.js", "./lazy.js", "./in-string.js"),
                ModuleImports.specifiers(source));
    }

    @Test
    void resolvesRelativeToTheImportingModule() {
        assertEquals("lib/util.js", ModuleImports.resolve("worker.js", "./lib/util.js"));
        assertEquals("util.js", ModuleImports.resolve("lib/a.js", "../util.js"));
        assertEquals("lib/b.js", ModuleImports.resolve("lib/a.js", "./b.js"));
        assertNull(ModuleImports.resolve("worker.js", "../outside.js"));
    }
}
