// A canary that fails every GET, so each request the router sends here takes the retry path.
export default {
  async fetch(request) {
    if (request.method === "GET") return new Response("canary broke", { status: 503 });
    return new Response("canary " + request.method);
  }
};
