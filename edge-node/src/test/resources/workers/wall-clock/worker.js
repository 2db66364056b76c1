export default {
  async fetch() {
    await new Promise(() => { });
    return new Response("unreachable");
  }
};
