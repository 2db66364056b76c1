export default {
  fetch(request, env) {
    return new Response(`${env.GREETING} ${env.API_TOKEN} ${typeof env.API_TOKEN} ${Object.isFrozen(env) ? "frozen" : "mutable"}`);
  }
};
