export default {
  async fetch(request) {
    const text = await request.text();
    return new Response(`echo[${request.method} ${text} used=${request.bodyUsed}]`);
  },
};
