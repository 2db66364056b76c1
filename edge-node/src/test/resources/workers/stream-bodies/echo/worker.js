// The callee answers with a stream of its own, one chunk per timer tick: the nested invocation drains it
// before the caller sees the response.
export default {
  async fetch(request) {
    const text = await request.text();
    const parts = ["echo[", request.method, " ", text, ` used=${request.bodyUsed}]`];
    const encoder = new TextEncoder();
    return new Response(new ReadableStream({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (parts.length === 0) controller.close();
        else controller.enqueue(encoder.encode(parts.shift()));
      },
    }));
  },
};
