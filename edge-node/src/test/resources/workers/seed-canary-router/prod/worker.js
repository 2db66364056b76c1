export default {
  async fetch(request) {
    return new Response("hello from production", { headers: { "x-served-by": "production" } });
  }
};
