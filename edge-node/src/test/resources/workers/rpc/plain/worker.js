// A plain-object default export: its own methods are callable over RPC, with (…args, env, ctx).
export default {
  async fetch() {
    return new Response("plain fetch");
  },
  sum(a, b, env, ctx) {
    return `sum ${a + b}, env ${env.GREETING}, ctx ${typeof ctx.waitUntil}`;
  },
};
