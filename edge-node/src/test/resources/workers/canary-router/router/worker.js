// Sends 1% of requests to the canary environment; a failed GET/HEAD there is retried on production.
export default {
  async fetch(request, env) {
    if (Math.random() < 0.01) {
      const retryable = request.method === "GET" || request.method === "HEAD";
      try {
        const response = await env.CANARY.fetch(retryable ? request.clone() : request);
        if (response.status < 500 || !retryable) return response;
      } catch (e) {
        if (!retryable) return new Response("canary failed", { status: 502 });
      }
    }
    return env.PRODUCTION.fetch(request);
  }
};
