// Fans out to AUTH, each call spinning 80 ms: under its own 100 ms limit every time, but forty of them are
// 3.2 s for one incoming request, whose budget (the gateway's cpu_ms) is 200 ms (plus at most the 400 ms
// start-up allowance while the code is cold).
export default {
  async fetch(request, env) {
    const calls = new URL(request.url).pathname === '/one' ? 1 : 40;
    for (let i = 0; i < calls; i++) await env.AUTH.fetch('https://auth/');
    return new Response(`${calls} calls`);
  }
};
