// A hostile worker: every way out of the sandbox it tries must fail.
export default {
  async fetch(request, env) {
    const leaks = [];
    for (const name of ["Java", "Polyglot", "Graal", "load", "loadWithNewGlobal", "print", "printErr", "quit", "readline", "read", "readbuffer", "process", "require", "module", "exports", "Packages", "java", "javax", "__host", "host", "internal", "Deno", "Bun"]) {
      if (typeof globalThis[name] !== "undefined") leaks.push("global " + name + " is " + typeof globalThis[name]);
    }
    try { const J = (0, eval)("Java"); leaks.push("eval Java " + typeof J); } catch (e) { /* expected ReferenceError */ }
    try { Function("return this")().Java.type("java.lang.Runtime"); leaks.push("Java.type reachable"); } catch (e) { }
    for (const specifier of ["/etc/passwd", "file:///etc/passwd", "../../../../etc/hostname", "./missing.js", "https://example.com/x.js", "node:fs", "fs"]) {
      try { await import(specifier); leaks.push("imported " + specifier); } catch (e) { }
    }
    try {
      const bridge = Object.getOwnPropertyNames(globalThis).filter(n => /host|internal|bridge/i.test(n));
      if (bridge.length) leaks.push("bridge-like globals: " + bridge.join(","));
    } catch (e) { }
    // Reaching the host bridge through a prelude function's internals must not work.
    try {
      const src = Function.prototype.toString.call(fetch);
      if (/host\.fetch/.test(src)) { /* source text is visible, but the closure variable is not */ }
      const viaCtor = Function("return typeof host")();
      if (viaCtor !== "undefined") leaks.push("host reachable via Function constructor: " + viaCtor);
    } catch (e) { }
    try { new Worker("x.js"); leaks.push("Worker exists"); } catch (e) { }
    try { if (typeof WebAssembly !== "undefined") leaks.push("WebAssembly present"); } catch (e) { }
    return new Response(leaks.length ? leaks.join("\n") : "sandbox held", { status: leaks.length ? 500 : 200 });
  }
};
