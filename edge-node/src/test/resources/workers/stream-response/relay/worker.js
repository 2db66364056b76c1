// A caller of a streaming worker through a service binding: it receives the callee's body whole.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const answer = await env.STREAMER.fetch("http://streamer.internal/chunks" + url.search);
    if (url.pathname === "/pass") return answer;
    return new Response("relayed: " + (await answer.text()), { status: answer.status });
  },
};
