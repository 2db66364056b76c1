// Stream bodies crossing to the host: a response built chunk by chunk on timers, a request body streamed
// to a service binding, a request body piped through a TransformStream, a teed clone, and stream failures.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function chunks(parts, delayMs) {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await sleep(delayMs);
      if (i === parts.length) controller.close();
      else controller.enqueue(encoder.encode(parts[i++]));
    },
  });
}

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/chunked") {
      return new Response(chunks(["chunk 0\n", "chunk 1\n", "chunk 2\n", "chunk 3\n", "chunk 4\n"], 5),
        { headers: { "x-streamed": "yes" } });
    }
    if (path === "/binding") {
      const answer = await env.ECHO.fetch("http://echo.internal/", {
        method: "POST", body: chunks(["a", "-b", "-c"], 2), duplex: "half",
      });
      // the callee's body goes back out through a stream of our own
      const suffix = new TransformStream({
        flush(controller) { controller.enqueue(encoder.encode(" via stream")); },
      });
      return new Response(answer.body.pipeThrough(suffix), answer);
    }
    if (path === "/transform") {
      const upper = new TransformStream({
        transform(chunk, controller) { controller.enqueue(encoder.encode(decoder.decode(chunk).toUpperCase())); },
      });
      return new Response(request.body.pipeThrough(upper));
    }
    if (path === "/tee") {
      const original = new Response(chunks(["tee", " me"], 1));
      const clone = original.clone();
      return new Response(`clone=${await clone.text()}|original=${await original.text()}`);
    }
    if (path === "/hot") {
      const text = await request.text();
      return new Response(`${text} used=${request.bodyUsed}`);
    }
    if (path === "/error") {
      let sent = false;
      return new Response(new ReadableStream({
        async pull(controller) {
          if (sent) { await sleep(2); controller.error(new Error("the stream broke")); return; }
          sent = true;
          controller.enqueue(encoder.encode("partial"));
        },
      }));
    }
    if (path === "/bad-chunk") {
      return new Response(new ReadableStream({ start(controller) { controller.enqueue("not bytes"); controller.close(); } }));
    }
    return new Response("not found", { status: 404 });
  },
};
