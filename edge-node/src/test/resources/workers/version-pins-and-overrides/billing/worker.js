export default {
  async fetch(request, env) {
    return new Response(`billing v${env.V}`);
  }
};
