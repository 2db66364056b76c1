export default {
  async fetch(request, env) {
    return new Response(`auth v${env.V}`);
  }
};
