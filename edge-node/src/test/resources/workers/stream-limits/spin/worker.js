// A response stream whose pull burns CPU in promise jobs: the drain must stop at the CPU limit.
export default {
  async fetch() {
    let n = 0;
    return new Response(new ReadableStream({
      async pull(controller) {
        for (;;) { await null; n++; }
      },
    }));
  },
};
