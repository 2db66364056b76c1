function check(results, name, fn) {
  try {
    const r = fn();
    if (r !== true) results.push(`${name}: got ${JSON.stringify(r)}`);
  } catch (e) {
    results.push(`${name}: threw ${e && e.stack || e}`);
  }
}

export default {
  async fetch(request, env, ctx) {
    const failed = [];
    const url = new URL(request.url);
    check(failed, "url parts", () => url.pathname === "/check" && url.hostname === "apis.acme.localhost" && url.protocol === "http:" || url.href);
    check(failed, "searchParams", () => url.searchParams.get("y") === "two words" && url.searchParams.get("x") === "1" || [...url.searchParams]);
    url.searchParams.append("z", "a&b");
    check(failed, "searchParams update href", () => url.search === "?x=1&y=two+words&z=a%26b" || url.search);
    check(failed, "relative URL", () => new URL("../b?q#h", "https://example.com/a/c/d").href === "https://example.com/a/b?q#h" || new URL("../b?q#h", "https://example.com/a/c/d").href);
    check(failed, "default port dropped", () => new URL("https://Example.COM:443/").href === "https://example.com/" || new URL("https://Example.COM:443/").href);
    check(failed, "invalid URL is own TypeError", () => { try { new URL("not a url"); return "no error"; } catch (e) { return e instanceof TypeError && e.constructor === TypeError; } });
    check(failed, "URL.canParse", () => URL.canParse("http://x/") && !URL.canParse("nope"));
    check(failed, "headers", () => request.headers.get("x-custom") === "v" && request.headers.get("X-CUSTOM") === "v");
    const h = new Headers({ "a": "1" }); h.append("A", "2"); h.append("set-cookie", "x=1"); h.append("set-cookie", "y=2");
    check(failed, "headers combine", () => h.get("a") === "1, 2" && h.getSetCookie().length === 2 || [...h]);
    check(failed, "bad header is TypeError", () => { try { new Headers({ "bad name": "x" }); return "no error"; } catch (e) { return e instanceof TypeError; } });
    const body = await request.clone().json();
    check(failed, "json body utf-8", () => body.name === "héllo" || body);
    const text = await request.text();
    check(failed, "bodyUsed", () => request.bodyUsed === true && text.includes("héllo"));
    try { await request.text(); failed.push("second read did not throw"); } catch (e) { if (!(e instanceof TypeError)) failed.push("second read: " + e); }
    const r1 = Response.json({ a: [1, 2] }, { status: 201, headers: { "x-y": "z" } });
    check(failed, "Response.json", () => r1.status === 201 && r1.headers.get("content-type") === "application/json" && r1.headers.get("x-y") === "z");
    const r2 = r1.clone();
    if ((await r1.json()).a[1] !== 2) failed.push("Response.json body");
    if ((await r2.text()) !== '{"a":[1,2]}') failed.push("clone body");
    const red = Response.redirect("https://example.com/x", 301);
    check(failed, "redirect", () => red.status === 301 && red.headers.get("location") === "https://example.com/x");
    check(failed, "redirect bad status RangeError", () => { try { Response.redirect("https://e.com/", 200); return "no error"; } catch (e) { return e instanceof RangeError; } });
    const ab = await new Response(new Uint8Array([104, 105])).arrayBuffer();
    check(failed, "arrayBuffer", () => ab instanceof ArrayBuffer && ab.byteLength === 2 && new TextDecoder().decode(ab) === "hi");
    const enc = new TextEncoder().encode("€😀");
    check(failed, "TextEncoder", () => enc.length === 7 && enc[0] === 0xe2 && new TextDecoder().decode(enc) === "€😀");
    check(failed, "TextDecoder fatal", () => { try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])); return "no error"; } catch (e) { return e instanceof TypeError; } });
    check(failed, "atob/btoa", () => btoa("hello") === "aGVsbG8=" && atob("aGVsbG8=") === "hello");
    check(failed, "atob invalid", () => { try { atob("!!!"); return "no error"; } catch (e) { return e instanceof DOMException && e.name === "InvalidCharacterError"; } });
    const uuid = crypto.randomUUID();
    check(failed, "randomUUID", () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid) || uuid);
    const rnd = crypto.getRandomValues(new Uint8Array(32));
    check(failed, "getRandomValues", () => rnd.some(b => b !== 0));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
    const hex = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, "0")).join("");
    check(failed, "subtle.digest", () => hex === "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || hex);
    const src = { d: new Date(5), m: new Map([[1, { x: 1 }]]), arr: [1, 2] }; src.self = src;
    const copy = structuredClone(src);
    check(failed, "structuredClone", () => copy !== src && copy.self === copy && copy.d.getTime() === 5 && copy.m.get(1).x === 1);
    check(failed, "structuredClone function", () => { try { structuredClone(() => 1); return "no error"; } catch (e) { return e instanceof DOMException && e.name === "DataCloneError"; } });
    const order = [];
    await new Promise(resolve => { setTimeout(() => { order.push("b"); resolve(); }, 5); order.push("a"); });
    const cancelled = setTimeout(() => order.push("never"), 1);
    clearTimeout(cancelled);
    await new Promise(resolve => setTimeout(resolve, 10));
    check(failed, "timers", () => order.join("") === "ab" || order);
    const controller = new AbortController();
    let aborted = false;
    controller.signal.addEventListener("abort", () => { aborted = true; });
    controller.abort();
    check(failed, "AbortController", () => aborted && controller.signal.aborted && controller.signal.reason.name === "AbortError");
    try { await fetch("https://example.com/", { signal: controller.signal }); failed.push("aborted fetch resolved"); }
    catch (e) { if (e.name !== "AbortError") failed.push("aborted fetch: " + e); }
    ctx.waitUntil(new Promise(resolve => setTimeout(resolve, 1)));
    console.log("checks done", { failed: failed.length });
    return failed.length === 0 ? new Response("all checks passed") : new Response(failed.join("\n"), { status: 500 });
  }
};
