export default {
  async fetch() { return new Response('fetch still works'); }
};
