// A hostile worker that tries to run code that was never uploaded (and so never passed the upload checks):
// module URLs that are not its own module paths (data: URLs too, which GraalJS's own module loader would
// evaluate without the sandbox's file system: runtime.UploadedModulesLoader refuses them), and every way
// of compiling a string.
const LOADERS = {
  "import(data:)": () => import("data:text/javascript,globalThis.ran='data url'"),
  "import(data:base64)": () => import("data:text/javascript;base64," + btoa("globalThis.ran = 'data base64'")),
  "import(blob:)": () => import(URL.createObjectURL ? URL.createObjectURL(new Blob(["globalThis.ran = 'blob'"], { type: "text/javascript" })) : "blob:null/00000000-0000-0000-0000-000000000000"),
  "import(http:)": () => import("http://127.0.0.1:1/x.js"),
  "import(https:)": () => import("https://example.com/x.js"),
  "import(javascript:)": () => import("javascript:globalThis.ran='javascript url'"),
  "eval": async () => eval("globalThis.ran = 'eval'"),
  "indirect eval": async () => (0, eval)("globalThis.ran = 'indirect eval'"),
  "Function": async () => Function("globalThis.ran = 'Function'")(),
  "new Function": async () => new Function("globalThis.ran = 'new Function'")(),
  "AsyncFunction": async () => (async function () {}).constructor("globalThis.ran = 'AsyncFunction'")(),
  "GeneratorFunction": async () => (function* () {}).constructor("globalThis.ran = 'GeneratorFunction'")().next(),
  "Reflect.construct(Function)": async () => Reflect.construct(Function, ["globalThis.ran = 'Reflect'"])(),
  "setTimeout(string)": () => new Promise((resolve, reject) => { try { setTimeout("globalThis.ran = 'timer string'", 0); setTimeout(resolve, 5); } catch (e) { reject(e); } }),
};

export default {
  async fetch(request) {
    const leaks = [], messages = [];
    for (const [name, load] of Object.entries(LOADERS)) {
      globalThis.ran = undefined;
      try {
        await load();
        if (name !== "setTimeout(string)") leaks.push(name + " loaded");
      } catch (e) {
        messages.push(name + " -> " + (e && e.name) + ": " + (e && e.message));
      }
      if (globalThis.ran !== undefined) leaks.push(name + " ran: " + globalThis.ran);
    }
    if (new URL(request.url).pathname === "/messages") return new Response(messages.join("\n"));
    return new Response(leaks.length ? leaks.join("\n") : "only uploaded code ran", { status: leaks.length ? 500 : 200 });
  }
};
