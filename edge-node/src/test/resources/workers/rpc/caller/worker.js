const failure = (e) => `${e.name}: ${e.message}`;

function sample() {
  const buffer = new Uint8Array([1, 2, 3, 250]).buffer;
  const shared = new ArrayBuffer(8);
  const nested = { deep: { deeper: [1, { x: "y" }] } };
  return {
    undef: undefined, nul: null, yes: true, no: false, int: 42, float: -1.5, nan: NaN, inf: -Infinity, negzero: -0,
    big: 12345678901234567890n, text: "héllo \u{1F600} \ud800", empty: "",
    boxed: [Object(true), Object(7), Object("s"), Object(5n)],
    list: [1, , "three"], nested,
    map: new Map([["a", 1], [2, { b: true }], [nested, "key is an object"]]),
    set: new Set([1, "two", nested]),
    date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), badDate: new Date(NaN),
    regexp: /a+b/giu,
    buffer, bytes: new Uint8Array([9, 8, 7]), floats: new Float64Array([0.5, -2]),
    view: new DataView(new ArrayBuffer(4), 1, 2), bigints: new BigInt64Array([-1n]),
    shared, sharedA: new Uint8Array(shared, 0, 4), sharedB: new Uint16Array(shared, 4, 2),
    error: new RangeError("out of range"), blob: new Blob(["blob body"], { type: "text/plain" }),
    file: new File(["file body"], "a.txt", { type: "text/plain", lastModified: 1234 }),
    domException: new DOMException("gone", "NotFoundError"),
    "__proto__-key": { ["__proto__"]: 1 },
  };
}

async function same(a, b, seen = new Map()) {
  if (typeof a !== typeof b) return false;
  if (a === null || typeof a !== "object") return Object.is(a, b);
  if (seen.has(a)) return seen.get(a) === b;
  seen.set(a, b);
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date || a instanceof Boolean || a instanceof Number || a instanceof String || a instanceof BigInt) return Object.is(a.valueOf(), b.valueOf());
  if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (a instanceof ArrayBuffer) return a.byteLength === b.byteLength && new Uint8Array(a).every((x, i) => x === new Uint8Array(b)[i]);
  if (ArrayBuffer.isView(a)) return a.byteOffset === b.byteOffset && a.byteLength === b.byteLength && same(a.buffer, b.buffer, seen);
  if (a instanceof Error || a instanceof DOMException) return a.name === b.name && a.message === b.message;
  if (a instanceof Blob) return a.type === b.type && a.size === b.size && (await a.text()) === (await b.text())
    && (!(a instanceof File) || (a.name === b.name && a.lastModified === b.lastModified));
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    const ea = [...a], eb = [...b];
    for (let i = 0; i < ea.length; i++) if (!(await same(ea[i][0], eb[i][0], seen)) || !(await same(ea[i][1], eb[i][1], seen))) return false;
    return true;
  }
  if (a instanceof Set) {
    const va = [...a], vb = [...b];
    if (va.length !== vb.length) return false;
    for (let i = 0; i < va.length; i++) if (!(await same(va[i], vb[i], seen))) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join() !== kb.join() || (Array.isArray(a) && a.length !== b.length)) return false;
  for (const k of ka) if (!(await same(a[k], b[k], seen))) return false;
  return true;
}

const routes = {
  async "/check"(request, env) {
    const ok = await env.AUTH.check(request.headers.get("x-token"));
    return ok ? new Response("allowed") : new Response("denied", { status: 403 });
  },
  async "/types"(request, env) {
    const value = sample();
    const back = await env.AUTH.echo(value);
    const problems = [];
    for (const key of Object.keys(value)) if (!(await same(value[key], back[key]))) problems.push(key);
    if (back === value) problems.push("same object");
    if (back.sharedA.buffer !== back.sharedB.buffer || back.sharedA.buffer !== back.shared) problems.push("shared buffer split");
    if (!Object.hasOwn(back, "undef") || !Object.is(back.negzero, -0)) problems.push("undefined/-0");
    if (1 in back.list) problems.push("hole filled");
    if (!(await env.AUTH.inspect(value))) problems.push("callee realm types");
    return new Response(problems.length ? "mismatch: " + problems.join(", ") : "every type round-trips");
  },
  async "/primitives"(request, env) {
    // each argument and each result a value that is not an object (the calls' usual, shorter way), then mixed with one
    const values = [undefined, null, true, false, 42, -1.5, NaN, -Infinity, -0, 12345678901234567890n, "héllo \u{1F600} \ud800", ""];
    const problems = [];
    const back = await env.AUTH.list(...values);
    if (back.length !== values.length || !values.every((v, i) => Object.is(v, back[i]) && i in back)) problems.push("arguments");
    for (const v of values) if (!Object.is(await env.AUTH.echo(v), v)) problems.push(`result ${String(v)}`);
    const mixed = await env.AUTH.list(1, { a: [2] }, "3");
    if (mixed.length !== 3 || mixed[1].a[0] !== 2 || mixed[2] !== "3") problems.push("mixed");
    if ((await env.AUTH.list()).length !== 0) problems.push("none");
    for (const bad of [Symbol("s"), () => 1]) {
      try { await env.AUTH.list(1, bad); problems.push(`sent ${typeof bad}`); } catch (e) { if (e.name !== "DataCloneError") problems.push(`${typeof bad}: ${e.name}`); }
    }
    return new Response(problems.length ? "mismatch: " + problems.join(", ") : "every primitive round-trips");
  },
  async "/error"(request, env) {
    try {
      await env.AUTH.explode("AuthError", "bad token");
      return new Response("no error");
    } catch (e) {
      return new Response(`${failure(e)} | Error ${e instanceof Error} | no callee stack ${!String(e.stack).includes("explode")}`);
    }
  },
  async "/type-error"(request, env) {
    try {
      await env.AUTH.explode("TypeError", "not a string");
      return new Response("no error");
    } catch (e) {
      return new Response(`${failure(e)} | TypeError ${e instanceof TypeError} | cause kept ${e.cause && e.cause.code === 7}`);
    }
  },
  async "/missing"(request, env) {
    try {
      await env.AUTH.nope();
      return new Response("no error");
    } catch (e) {
      return new Response(failure(e) + (e instanceof TypeError ? "" : " (not a TypeError)"));
    }
  },
  async "/not-methods"(request, env) {
    const lines = [];
    for (const name of ["toString", "env", "constructor", "dup", "version", "kind", "_internal"]) {
      try {
        lines.push(`${name}: ${await env.AUTH[name]()}`);
      } catch (e) {
        lines.push(`${name}: ${failure(e)}`);
      }
    }
    return new Response(lines.join("\n"));
  },
  async "/context"(request, env) {
    return new Response(await env.AUTH.context());
  },
  async "/fetch-named"(request, env) {
    return env.AUTH.fetch("https://auth.internal/hello");
  },
  async "/default-class"(request, env) {
    const sum = await env.DEF.add(2, 3);
    const response = await env.DEF.fetch("https://auth.internal/x");
    return new Response(`add ${sum} | ${await response.text()}`);
  },
  async "/plain"(request, env) {
    const text = await env.PLAIN.sum(2, 3);
    const response = await env.PLAIN.fetch("https://plain.internal/");
    return new Response(`${text} | ${await response.text()}`);
  },
  async "/not-entrypoint"(request, env) {
    const out = [];
    for (const [name, binding] of [["NOPE", env.NOPE], ["MISSING", env.MISSING]]) {
      try {
        out.push(`${name}: ${await binding.hello()}`);
      } catch (e) {
        out.push(`${name}: ${failure(e)}`);
      }
    }
    return new Response(out.join("\n"));
  },
  async "/mint"(request, env) {
    // hostile: reach the binding class through the prototype and make one of its own, or call its fetch
    // on another object: neither reaches a channel (the class is not reachable: `constructor` is an RPC method name)
    const proto = Object.getPrototypeOf(env.AUTH);
    const out = [];
    try { new proto.constructor(undefined); out.push("minted"); } catch (e) { out.push(failure(e)); }
    try { await proto.fetch.call({}, "https://auth.internal/"); out.push("fetched"); } catch (e) { out.push(failure(e)); }
    try { await env.AUTH.fetch.call(Object.create(proto), "https://auth.internal/"); out.push("fetched"); } catch (e) { out.push(failure(e)); }
    return new Response(out.join(" | "));
  },
  async "/binding-object"(request, env) {
    const awaited = await env.AUTH; // not a thenable: awaiting a binding gives the binding
    let set = "set allowed";
    try {
      env.AUTH.check = () => true;
    } catch (e) {
      set = "set refused";
    }
    return new Response(`then ${env.AUTH.then} | await env.AUTH ${awaited === env.AUTH ? "ok" : "changed"} | ${set}`);
  },
};

export default {
  async fetch(request, env) {
    const route = routes[new URL(request.url).pathname];
    return route ? route(request, env) : new Response("no route", { status: 404 });
  },
};
