// Response bodies the edge streams to the client as they are produced: chunks written on timers through a
// TransformStream, server-sent events outliving the wall-clock limit, a never-ending stream with a cancel
// callback, a stream that fails after its first chunk, one that stalls, and one with its own content-length.
const encoder = new TextEncoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function numbers(url, name, fallback) {
  const value = url.searchParams.get(name);
  return value === null ? fallback : Number(value);
}

// Writes parts[i] every `gap` ms into a TransformStream, logging before the last one is written.
function timed(parts, gap) {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  (async () => {
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) await sleep(gap);
      if (i === parts.length - 1) console.log(`producing last chunk ${i}`);
      await writer.write(encoder.encode(parts[i]));
    }
    await writer.close();
  })().catch((e) => console.log(`writer stopped: ${e}`));
  return readable;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === "/chunks") {
      const n = numbers(url, "n", 5), gap = numbers(url, "gap", 100);
      const parts = Array.from({ length: n }, (_, i) => `chunk ${i}\n`);
      return new Response(timed(parts, gap), { headers: { "x-streamed": "yes" } });
    }
    if (path === "/sse") {
      const ticks = numbers(url, "ticks", 10), gap = numbers(url, "gap", 100);
      const events = Array.from({ length: ticks }, (_, i) => `event: tick\ndata: ${i}\n\n`);
      return new Response(timed(events, gap), { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    }
    if (path === "/forever") {
      let i = 0;
      return new Response(new ReadableStream({
        async pull(controller) {
          if (i > 0) await sleep(50);
          controller.enqueue(encoder.encode(`tick ${i++}\n`));
        },
        cancel(reason) { console.log(`cancelled: ${reason} after ${i} ticks`); },
      }, { highWaterMark: 0 }));
    }
    if (path === "/broken") {
      let sent = false;
      return new Response(new ReadableStream({
        async pull(controller) {
          if (!sent) { sent = true; controller.enqueue(encoder.encode("first part\n")); return; }
          await sleep(50);
          controller.error(new Error("upstream exploded"));
        },
      }, { highWaterMark: 0 }));
    }
    if (path === "/stall") {
      return new Response(new ReadableStream({
        start(controller) { controller.enqueue(encoder.encode("only chunk\n")); },
      }));
    }
    if (path === "/sized") {
      const body = "exactly twenty bytes";
      return new Response(timed([body.slice(0, 10), body.slice(10)], 20), { headers: { "content-length": "20" } });
    }
    if (path === "/firehose") {
      // As fast as the client takes it: 64 KiB per pull, never read ahead of the client (backpressure).
      let pulls = 0;
      const block = new Uint8Array(65536).fill(120);
      return new Response(new ReadableStream({
        pull(controller) {
          pulls++;
          console.log(`pulled ${pulls}`);
          controller.enqueue(block.slice());
        },
        cancel() { console.log(`firehose cancelled after ${pulls} pulls`); },
      }, { highWaterMark: 0 }));
    }
    if (path === "/spin") {
      // CPU burnt while streaming still counts against the request's CPU limit.
      return new Response(new ReadableStream({
        pull(controller) {
          const end = Date.now() + 150;
          while (Date.now() < end) { /* burn */ }
          controller.enqueue(encoder.encode("x"));
        },
      }, { highWaterMark: 0 }));
    }
    return new Response("not found", { status: 404 });
  },
};
