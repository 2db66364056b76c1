export default {
  async fetch(request, env) {
    const depth = Number(request.headers.get("x-depth") || "1");
    try {
      return await env.SELF.fetch("https://anything.example/", { headers: { "x-depth": String(depth + 1) } });
    } catch (e) {
      return new Response(`depth ${depth}: ${e.message}`);
    }
  }
};
