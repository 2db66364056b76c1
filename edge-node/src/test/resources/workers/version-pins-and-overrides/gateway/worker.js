// Calls its bindings with fresh requests that carry none of the client's headers: the version overrides
// belong to the request, not to the headers a worker passes on.
export default {
  async fetch(request, env) {
    const pinned = await (await env.AUTH_PINNED.fetch("http://auth/")).text();
    const live = await (await env.AUTH.fetch("http://auth/")).text();
    const billing = await (await env.BILLING.fetch("http://billing/")).text();
    return new Response(`gateway v${env.V} | pinned ${pinned} | live ${live} | ${billing}`);
  }
};
