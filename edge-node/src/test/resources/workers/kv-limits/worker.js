// KV writes from a worker are bounded like those made through the control plane's API (here the value limit
// is 1024 bytes, edge.kv.max-value-bytes; keys 512 UTF-8 bytes): a larger put rejects with a TypeError and
// writes nothing.
export default {
  async fetch(request, env) {
    const wrong = [];
    async function refused(what, put, message) {
      try { await put(); wrong.push(what + " was accepted"); }
      catch (e) { if (!(e instanceof TypeError) || !e.message.includes(message)) wrong.push(what + ": " + e.name + ": " + e.message); }
    }
    await env.STORE.put("fits", "a".repeat(1024));
    await env.STORE.put("bytes-fit", new Uint8Array(1024));
    await refused("string one byte over", () => env.STORE.put("big", "a".repeat(1025)), "KV put: value of 1025 bytes exceeds the limit of 1024 bytes");
    await refused("UTF-8 over", () => env.STORE.put("big", "é".repeat(513)), "KV put: value of 1026 bytes exceeds the limit of 1024 bytes");
    await refused("bytes over", () => env.STORE.put("big", new Uint8Array(4096).buffer), "value of 4096 bytes exceeds the limit of 1024 bytes");
    await refused("key of 600 UTF-8 bytes", () => env.STORE.put("é".repeat(300), "x"), "keys must be 1 to 512 bytes");
    if (await env.STORE.get("big") !== null) wrong.push("a refused value was stored");
    if ((await env.STORE.get("fits")).length !== 1024) wrong.push("the value at the limit was not stored");
    const listed = (await env.STORE.list()).keys.map(k => k.name).join(",");
    if (listed !== "bytes-fit,fits") wrong.push("listed " + listed);
    return new Response(wrong.length ? wrong.join("\n") : "KV limits held", { status: wrong.length ? 500 : 200 });
  }
};
