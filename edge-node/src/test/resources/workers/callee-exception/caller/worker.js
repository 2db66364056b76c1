export default {
  async fetch(request, env) {
    try {
      await env.BACK.fetch(request);
      return new Response("resolved?!");
    } catch (e) {
      return new Response("rejected: " + e.message);
    }
  }
};
