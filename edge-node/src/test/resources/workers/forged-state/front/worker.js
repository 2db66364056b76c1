// Hostile: the prelude keeps a Request's, a Response's and a Headers' state under registry symbols that tenant
// code can reach (Symbol.for, Reflect.ownKeys). This worker rewrites that state past the prelude's checks to
// put what an HTTP head cannot carry into a binding call, a fetch() and its response. The host must refuse each.
const HEADERS = Symbol.for('edgeworks:headers');
const REQUEST = Symbol.for('edgeworks:request');
const RESPONSE = Symbol.for('edgeworks:response');

function smuggled(url) {
  const request = new Request(url, { headers: { 'x-a': 'fine' } });
  request.headers[HEADERS].map.set('x-a', ['a\r\nx-injected: 1']);
  request.headers[HEADERS].version++;
  return request;
}

async function outcome(promise) {
  try {
    const response = await promise;
    return `answered ${response.status}`;
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/binding-header') {
      const result = await outcome(env.BACK.fetch(smuggled('https://back/record')));
      const seen = await (await env.BACK.fetch('https://back/seen')).text();
      return new Response(`${result} | back saw: ${seen}`);
    }
    if (path === '/binding-method') {
      const forged = new Request('https://back/record');
      forged[REQUEST].method = 'GET / HTTP/1.1\r\nHost: x';
      return new Response(await outcome(env.BACK.fetch(forged)));
    }
    if (path === '/fetch-header') {
      return new Response(await outcome(fetch(smuggled('https://example.com/'))));
    }
    if (path === '/status-101') {
      const response = new Response('upgrade');
      response[RESPONSE].status = 101;
      return response;
    }
    return env.BACK.fetch(new Request('https://back/echo', { headers: { 'x-a': 'fine' } }));
  },
};
