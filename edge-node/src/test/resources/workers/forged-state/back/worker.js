// The bound service: records what reached it (within one request's realm state).
let recorded = 'nothing';
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/record') {
      recorded = [...request.headers].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
      return new Response('recorded');
    }
    if (path === '/seen') return new Response(recorded);
    return new Response(`back: ${request.method} x-a=${request.headers.get('x-a')}`);
  },
};
