package io.edgeworks.edge.runtime;

import java.util.Random;

/**
 * A hostile worker for the JIT: a module of large, distinct functions (straight-line integer arithmetic and branches,
 * every constant drawn from {@code seed}), each request calling them twenty times in turn. Interpreted, a request costs
 * its own CPU budget; compiled, each function is seconds of the compiler's time on a thread no request is billed for
 * (FairnessBench's {@code compile} flood, CompilationBoundsTest).
 */
final class CompileBomb {
    private CompileBomb() {
    }

    /** About 26 bytes a statement: 12 functions of 3,000 statements stay under the edge's 1 MiB module limit. */
    static String module(int seed, int functions, int statements) {
        StringBuilder js = new StringBuilder();
        Random random = new Random(seed);
        for (int f = 0; f < functions; f++) {
            js.append("function f").append(f).append("(x) {\n");
            for (int s = 0; s < statements; s++) {
                js.append(switch (random.nextInt(3)) {
                    case 0 -> "x = (x * " + (random.nextInt(1000) + 3) + " + " + random.nextInt(100000) + ") | 0;\n";
                    case 1 -> "if (x & " + (1 << random.nextInt(30)) + ") x ^= " + random.nextInt(1 << 20) + ";\n";
                    default -> "x = (x >>> " + (random.nextInt(7) + 1) + ") + " + random.nextInt(100000) + ";\n";
                });
            }
            js.append("return x;\n}\n");
        }
        js.append("const fs = [");
        for (int f = 0; f < functions; f++) {
            js.append(f == 0 ? "" : ", ").append('f').append(f);
        }
        js.append("];\nlet round = 0;\nexport default { fetch() {\n  let x = round++;\n"
                + "  for (let i = 0; i < 20; i++) x = fs[(round + i) % fs.length](x);\n"
                + "  return new Response(String(x));\n} }\n");
        return js.toString();
    }
}
