// The streams library runs in a realm on first use (streams.js): until then its globals are accessors. A worker that
// replaces a global before that keeps its value, and bodies still stream with the library's own classes.
const kind = (name) => {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  return d === undefined ? 'missing' : 'get' in d ? 'accessor' : `data(${d.writable},${d.enumerable},${d.configurable})`;
};

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/untouched') {
      // a hello-world request leaves the library unloaded
      const hello = await new Response('hello').text();
      return new Response(`${hello} ${kind('ReadableStream')} ${kind('TransformStream')}`);
    }
    if (path === '/replaced') {
      globalThis.ReadableStream = 'mine';
      const copy = await new Response(new Response('abc').body).text();
      return new Response(`${typeof ReadableStream} ${kind('ReadableStream')} ${copy} ${kind('WritableStream')}`);
    }
    // first use through the global: the library loads and every accessor becomes a data property
    const stream = new TransformStream();
    const ok = stream.readable instanceof ReadableStream && typeof WritableStream === 'function';
    return new Response(`${ok} ${kind('ReadableStream')} ${kind('CountQueuingStrategy')}`);
  },
};
