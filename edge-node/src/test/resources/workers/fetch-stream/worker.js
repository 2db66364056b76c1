// Outbound fetch() with streamed response bodies (the upstream URL is the `u` query parameter): relaying an
// upstream response as it is, re-wrapping its body, reading it chunk by chunk (logging what arrived),
// cancelling it, and reading it whole.
const decoder = new TextDecoder();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const upstream = url.searchParams.get("u");
    switch (url.pathname) {
      case "/relay":
        return fetch(upstream);
      case "/rewrap": {
        const r = await fetch(upstream);
        return new Response(r.body, r);
      }
      case "/chunks": {
        const r = await fetch(upstream);
        console.log(`headers ${r.status} x-up=${r.headers.get("x-up")}`);
        const reader = r.body.getReader();
        const first = await reader.read();
        console.log(`first chunk ${decoder.decode(first.value)}`);
        let rest = "";
        for (let c = await reader.read(); !c.done; c = await reader.read()) rest += decoder.decode(c.value, { stream: true });
        return new Response(`first=${decoder.decode(first.value)} rest=${rest}`);
      }
      case "/cancel": {
        const r = await fetch(upstream);
        const reader = r.body.getReader();
        const first = await reader.read();
        await reader.cancel("enough");
        return new Response(`cancelled after ${decoder.decode(first.value)}`);
      }
      case "/read-error": {
        const r = await fetch(upstream);
        const reader = r.body.getReader();
        let got = "";
        try {
          for (let c = await reader.read(); !c.done; c = await reader.read()) got += decoder.decode(c.value);
          return new Response(`no error after ${got}`);
        } catch (e) {
          return new Response(`${e.name} after ${got}: ${e.message}`);
        }
      }
      case "/text":
        try {
          const r = await fetch(upstream);
          const text = await r.text();
          return new Response(`${r.status} redirected=${r.redirected} length=${text.length} start=${text.slice(0, 20)}`);
        } catch (e) {
          return new Response(`${e.name}: ${e.message}`, { status: 502 });
        }
      case "/status-only":
        return new Response(String((await fetch(upstream)).status));
      case "/clone": {
        const r = await fetch(upstream);
        const copy = r.clone();
        const [a, b] = await Promise.all([r.text(), copy.text()]);
        return new Response(`${a === b} ${a.length}`);
      }
      default:
        return new Response("no such path", { status: 404 });
    }
  }
};
