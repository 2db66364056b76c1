export default {
  async fetch(request, env) {
    let ok = 0;
    for (let i = 0; i < 5; i++) {
      try { await env.ECHO.fetch('https://echo/' + i); ok++; } catch (e) { break; }
    }
    return new Response(String(ok));
  }
};
