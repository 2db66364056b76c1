export default {
  async fetch(request, env) {
    const response = await env.AUTH.fetch(request);
    if (response.status !== 200) return response;
    return new Response("");
  }
}
