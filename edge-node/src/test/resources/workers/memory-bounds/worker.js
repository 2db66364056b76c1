// A hostile worker that asks for more memory in one piece than a request may allocate in all
// (edge.limits.allocated-bytes, 256 MiB here): each single allocation must fail with a RangeError that
// the worker can catch, before the node allocates anything.
const SINGLE = {
  "new ArrayBuffer(2**31)": () => new ArrayBuffer(2 ** 31),
  "new ArrayBuffer(2**30)": () => new ArrayBuffer(2 ** 30),
  "new ArrayBuffer(2**27)": () => new ArrayBuffer(2 ** 27),
  "new Uint8Array(1e9)": () => new Uint8Array(1e9),
  "new Float64Array(2**24)": () => new Float64Array(2 ** 24),
  "new SharedArrayBuffer(2**30)": () => new SharedArrayBuffer(2 ** 30),
  "resizable maxByteLength 2**30": () => new ArrayBuffer(8, { maxByteLength: 2 ** 30 }),
  "resize beyond maxByteLength": () => new ArrayBuffer(8, { maxByteLength: 1024 }).resize(2 ** 30),
  "'x'.repeat(2**29)": () => "x".repeat(2 ** 29),
  "'x'.repeat(2**26)": () => "x".repeat(2 ** 26),
  "padEnd(2**29)": () => "".padEnd(2 ** 29, "ab"),
  "doubling concatenation": () => { let s = "x".repeat(1 << 20); for (let i = 0; i < 12; i++) s += s; return s; },
  "join": () => new Array(1 << 20).join("x".repeat(1024)),
};

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/single") {
      const wrong = [];
      for (const [name, allocate] of Object.entries(SINGLE)) {
        try {
          const got = allocate();
          wrong.push(name + " succeeded (" + (got && (got.length ?? got.byteLength)) + ")");
        } catch (e) {
          if (!(e instanceof RangeError)) wrong.push(name + " threw " + (e && e.name) + ": " + (e && e.message));
        }
      }
      // Within the bounds, buffers and strings still work.
      const buffer = new ArrayBuffer(8 << 20);
      const text = "y".repeat(1 << 20);
      if (buffer.byteLength !== 8 << 20 || text.length !== 1 << 20) wrong.push("ordinary sizes failed");
      return new Response(wrong.length ? wrong.join("\n") : "every single allocation refused", { status: wrong.length ? 500 : 200 });
    }
    if (path === "/fill") {
      // Many small allocations: no single one is refused; the watchdog's allocated-bytes limit ends the request.
      const a = Array(1e9).fill(0);
      return new Response("filled " + a.length);
    }
    return new Response("still serving");
  }
};
