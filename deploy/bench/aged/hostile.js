// The hostile tenant of `deploy/local/bench-edge.sh --aged`: every path tries to keep something of the node after
// its request (CPU, memory, timers, threads, connections, compiled code), the way a careless or malicious tenant
// would. Deployed in an account of its own, with a service binding SELF to its own service. Each path's expected end
// is in the comment; none may leave the node slower for the benchmark's tenant once the load stops.
const kept = []; // grows across requests: only the heap guard (or the context's closing) bounds it

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n") ?? 0);
    switch (url.pathname) {
      case "/spin": // the CPU limit (503)
        while (true) { }
      case "/fill": { // the allocated-bytes limit (503)
        const parts = [];
        while (true) parts.push(new Array(1 << 16).fill(n));
      }
      case "/keep": // memory kept across requests: 256 KB a request until the heap guard sheds the account
        kept.push(new Uint8Array(256 << 10).fill(kept.length & 0xff));
        return new Response(`kept ${kept.length}`);
      case "/timers": { // timers that outlive the response: dropped when the request ends
        for (let i = 0; i < 2000; i++) setTimeout(() => kept.push(i), 1e9 + i);
        setInterval(() => { for (let i = 0; i < 1e6; i++); }, 1);
        return new Response("timers set");
      }
      case "/hang": // never answers: the wall-clock limit (504), or the client going away
        await new Promise(() => { });
        return new Response("unreachable");
      case "/linger": // work after the response: waitUntil's limit
        ctx.waitUntil(new Promise(() => { }));
        ctx.waitUntil((async () => { while (true) await null; })());
        return new Response("lingering");
      case "/stall": // a streamed body that never comes: the stream's idle limit, or the client going away
        return new Response(new ReadableStream({ pull() { return new Promise(() => { }); } }));
      case "/recurse": // service-binding recursion on itself: the depth and subrequest limits
        return env.SELF.fetch(request);
      case "/regex": // catastrophic backtracking: the CPU limit inside the regex engine
        return new Response(String(/^(a+)+$/.test("a".repeat(40) + "!")));
      case "/deep": { // a stack overflow in the parser: a RangeError the worker may catch
        const text = "[".repeat(1e6) + "]".repeat(1e6);
        try { JSON.parse(text); } catch (e) { return new Response(e.name, { status: 500 }); }
        return new Response("parsed");
      }
      case "/reject": // an unhandled rejection, then a throw
        Promise.reject(new Error("nobody listens"));
        throw new TypeError("thrown on purpose");
      case "/big": // an 8 MB body
        return new Response(new Uint8Array(8 << 20));
      case "/shapes": { // many object shapes and megamorphic sites in shared-looking code
        let sum = 0;
        for (let i = 0; i < 20000; i++) {
          const o = { ["k" + (i % 997)]: i, ["j" + ((i * 7) % 991)]: i };
          sum += Object.keys(o).length + JSON.stringify(o).length;
        }
        return Response.json({ sum, headers: [...new Headers({ ["x-" + n]: "v" }).keys()] });
      }
      default:
        return new Response("hostile: " + url.pathname, { status: 404 });
    }
  },
};
