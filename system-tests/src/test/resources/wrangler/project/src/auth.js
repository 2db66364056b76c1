// auth-worker and auth-worker-staging, the targets of the sample project's [[services]] AUTH binding
export default {
  async fetch(request, env) {
    return new Response(env.WHO);
  },
};
