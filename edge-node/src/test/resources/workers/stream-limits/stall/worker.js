// A response whose stream never ends: draining it for the host must stop at the wall-clock limit.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ok") return new Response("fine");
    return new Response(new ReadableStream({
      start(controller) { controller.enqueue(new TextEncoder().encode("first and last chunk")); },
    }));
  },
};
