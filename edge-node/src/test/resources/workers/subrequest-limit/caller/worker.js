export default {
  async fetch(request, env) {
    let ok = 0;
    for (let i = 0; i < 60; i++) {
      try {
        await env.ECHO.fetch("https://echo/" + i);
        ok++;
      } catch (e) {
        return new Response(`${ok} ok, then: ${e.message}`);
      }
    }
    return new Response(`${ok} ok, no limit`);
  }
};
