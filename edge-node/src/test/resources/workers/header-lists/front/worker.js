// Header lists from the host are split into a Headers' map when first read (headers.js, mapOf): these paths read
// them after copies, forwards and refills of a list nobody had read yet, and answer with what each side saw.
const list = (headers) => [...headers].map((pair) => pair.join('=')).join(';');

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/forward') {
      // the request goes to the binding unread; the binding's response is cloned before anything reads it
      const response = await env.BACK.fetch(request);
      const copy = response.clone();
      return new Response(`${response.status} ${copy.headers.get('X-Back')} ${list(response.headers)} | ${await response.text()}`);
    }
    if (path === '/refill') {
      return new Response(list(new Request(request, { headers: { z: '1' } }).headers));
    }
    if (path === '/copy') {
      const copy = new Request(request);
      copy.headers.append('X-One', 'more');
      return new Response(`${list(copy.headers)} | ${list(request.headers)}`);
    }
    return new Response(list(request.headers));
  },
};
