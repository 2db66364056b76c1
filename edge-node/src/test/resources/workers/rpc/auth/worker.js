import { WorkerEntrypoint } from "cloudflare:workers";

export class Auth extends WorkerEntrypoint {
  constructor(ctx, env) {
    super(ctx, env);
    this.version = 3; // an own instance property: never callable over RPC
  }
  async check(token) {
    return token === this.env.SECRET_TOKEN;
  }
  echo(value) {
    return value;
  }
  list(...values) {
    return arguments.length === values.length ? values : "arguments lost";
  }
  // What the callee's realm received: every value rebuilt as this realm's own objects.
  inspect(value) {
    const own = (v, C) => v instanceof C;
    return [
      own(value.map, Map), own(value.set, Set), own(value.date, Date), own(value.buffer, ArrayBuffer),
      own(value.bytes, Uint8Array), own(value.floats, Float64Array), own(value.error, RangeError), own(value.list, Array),
      own(value.nested, Object), own(value.regexp, RegExp), own(value.view, DataView), own(value.blob, Blob),
      value.sharedA.buffer === value.sharedB.buffer, value.sharedA.buffer === value.shared,
    ].every(Boolean);
  }
  explode(name, message) {
    const e = name === "TypeError" ? new TypeError(message, { cause: { code: 7 } }) : new Error(message);
    if (name !== "TypeError") e.name = name;
    throw e;
  }
  context() {
    return `env: ${this.env.SECRET_TOKEN ? "s3cr3t-known" : "missing"}, ctx.waitUntil: ${typeof this.ctx.waitUntil}`;
  }
  get kind() {
    return "auth"; // a prototype property that is no function
  }
  _internal() {
    return "underscore names are methods too";
  }
  async fetch(request) {
    return new Response(`Auth.fetch ${request.method} ${new URL(request.url).pathname}`);
  }
}

export class NotAnEntrypoint {
  hello() {
    return "never";
  }
}

export default class extends WorkerEntrypoint {
  add(a, b) {
    return a + b;
  }
  async fetch(request) {
    return new Response(`default class fetch ${new URL(request.url).pathname}`);
  }
}
