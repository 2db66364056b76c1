import { greet } from "./lib/util.js";

// The sample project's worker (../shared/wrangler/project), plus what WranglerIT checks at the edge: the secret
// API_KEY and the status the service binding AUTH answered.
export default {
  async fetch(request, env, ctx) {
    const cached = await env.CACHE.get("greeting");
    const auth = await env.AUTH.fetch("https://auth/check");
    console.log("handled", request.url, auth.status);
    return new Response(greet(cached ?? env.GREETING, env.LEVEL) + `secret=${env.API_KEY ?? "none"} auth=${await auth.text()}\n`);
  },
};
