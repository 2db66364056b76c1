// A response stream whose pull burns CPU in promise jobs: draining it for the host must stop at the CPU
// limit, and the next request gets a fresh realm.
let drips = 0;
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ok") {
      return new Response(new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`streamed, drips=${drips}`));
          controller.close();
        },
      }));
    }
    return new Response(new ReadableStream({
      async pull() {
        drips++;
        for (;;) { await null; }
      },
    }));
  },
};
