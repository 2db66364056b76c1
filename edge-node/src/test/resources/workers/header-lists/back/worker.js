const list = (headers) => [...headers].map((pair) => pair.join('=')).join(';');

export default {
  async fetch(request) {
    return new Response(list(request.headers), { headers: { 'X-Back': 'b', 'x-back-2': 'c' } });
  },
};
