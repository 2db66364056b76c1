import { WorkerEntrypoint } from "cloudflare:workers";

let calls = 0;

export class Back extends WorkerEntrypoint {
  echo(value) {
    calls++;
    return value;
  }
  calls() {
    return calls;
  }
  returnFunction() {
    return () => 1;
  }
  returnPromise() {
    return { pending: new Promise(() => {}) };
  }
  returnStream() {
    return new ReadableStream();
  }
  throwValue(kind) {
    if (kind === "string") throw "plain string";
    if (kind === "object") throw { code: 42 };
    if (kind === "undefined") throw undefined;
    if (kind === "null") throw null;
    throw function secret() {};
  }
  cyclic() {
    const a = { name: "a", list: [] };
    a.self = a;
    a.list.push(a, a.list);
    a.map = new Map([["a", a]]);
    return a;
  }
  deep(levels) {
    let v = { end: true };
    for (let i = 0; i < levels; i++) v = { v };
    return v;
  }
  big() {
    const part = () => new Uint8Array(12 * 1024 * 1024).buffer;
    return [part(), part(), part()];
  }
  async recurse(n) {
    try {
      return await this.env.SELF.recurse(n + 1);
    } catch (e) {
      return `depth ${n}: ${e.message}`;
    }
  }
  scheduleLate() {
    // Runs after this call's result is back: the call (and its timers) ended by then, so this never runs.
    setTimeout(() => this.env.LOG.put("late-callee", "ran"), 20);
    return "scheduled";
  }
  record(key) {
    return this.env.LOG.put(key, "ran");
  }
}

export default {
  async fetch() {
    return new Response("back");
  },
};
