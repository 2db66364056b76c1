const failure = (e) => (e && typeof e === "object" ? `${e.name}: ${e.message}` : String(e));

async function attempt(promise) {
  try {
    return await promise;
  } catch (e) {
    return e;
  }
}

const routes = {
  async "/clone-arguments"(request, env) {
    const lines = [];
    for (const [name, value] of [
      ["function", () => 1], ["symbol", Symbol("s")], ["request", new Request("https://x.example/")],
      ["weakmap", new WeakMap()], ["shared", new SharedArrayBuffer(8)],
    ]) {
      const e = await attempt(env.BACK.echo({ value }));
      lines.push(`${name}: ${e && e.name}`);
    }
    lines.push(`callee ran: ${await env.BACK.calls()}`);
    return new Response(lines.join("\n"));
  },
  async "/clone-result"(request, env) {
    const fn = await attempt(env.BACK.returnFunction());
    const promise = await attempt(env.BACK.returnPromise());
    const stream = await attempt(env.BACK.returnStream());
    return new Response(`function: ${failure(fn)}\npromise: ${promise.name}\nstream: ${stream.name}`);
  },
  async "/throw-non-error"(request, env) {
    const s = await attempt(env.BACK.throwValue("string"));
    const o = await attempt(env.BACK.throwValue("object"));
    const u = await attempt(env.BACK.throwValue("undefined"));
    const n = await attempt(env.BACK.throwValue("null"));
    const f = await attempt(env.BACK.throwValue("function"));
    return new Response([
      `string: ${typeof s} ${s}`, `object: ${typeof o} ${o.code} Error? ${o instanceof Error}`,
      `undefined: ${u}`, `null: ${n}`, `function: ${f.name} ${f instanceof Error}`,
    ].join("\n"));
  },
  async "/cycles"(request, env) {
    const a = { list: [] };
    a.self = a;
    a.list.push(a.list, a);
    const set = new Set([a]);
    a.set = set;
    const back = await env.BACK.echo(a);
    const argumentKept = back !== a && back.self === back && back.list[0] === back.list && back.list[1] === back
      && back.set.has(back);
    const r = await env.BACK.cyclic();
    const resultKept = r.self === r && r.list[0] === r && r.list[1] === r.list && r.map.get("a") === r;
    return new Response(`argument cycles kept: ${argumentKept} | result cycles kept: ${resultKept}`);
  },
  async "/deep"(request, env) {
    const nest = (levels) => {
      let v = { end: true };
      for (let i = 0; i < levels; i++) v = { v };
      return v;
    };
    let back = await env.BACK.echo(nest(100));
    let levels = 0;
    while (back.v) { back = back.v; levels++; }
    const argument = await attempt(env.BACK.echo(nest(20000)));
    const result = await attempt(env.BACK.deep(20000));
    return new Response(`100 levels: ${levels} | argument: ${failure(argument)} | result: ${failure(result)}`);
  },
  async "/size"(request, env) {
    const part = () => new Uint8Array(12 * 1024 * 1024);
    const argument = await attempt(env.BACK.echo([part(), part(), part()]));
    return new Response(`argument: ${failure(argument)}`);
  },
  async "/size-result"(request, env) {
    const result = await attempt(env.BACK.big());
    return new Response(`result: ${failure(result)}`);
  },
  async "/recursion"(request, env) {
    return new Response(await env.BACK.recurse(2));
  },
  async "/after-end"(request, env) {
    setTimeout(() => env.BACK.record("late-caller"), 20);
    return new Response(await env.BACK.scheduleLate());
  },
  async "/after-end-check"(request, env) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return new Response(`late-caller: ${await env.LOG.get("late-caller")}, late-callee: ${await env.LOG.get("late-callee")}`);
  },
  async "/forged"(request, env) {
    const lines = [];
    for (const kind of ["range", "view", "tag", "bigint", "length", "arrayLength", "object"]) {
      const e = await attempt(env.FORGER.forge(kind));
      lines.push(`${kind}: ${failure(e)}`);
    }
    const forged = await env.FORGER.forge("proto");
    const own = Object.hasOwn(forged, "__proto__") ? "own __proto__ key" : "no own key";
    const proto = Object.getPrototypeOf(forged) === Object.prototype ? "prototype intact" : "prototype changed";
    const polluted = ({}).polluted === undefined ? "nothing polluted" : "Object.prototype polluted";
    lines.push(`proto: ${own}, ${proto}, ${polluted}`);
    return new Response(lines.join("\n"));
  },
};

export default {
  async fetch(request, env) {
    const route = routes[new URL(request.url).pathname];
    return route ? route(request, env) : new Response("no route", { status: 404 });
  },
};
