// Hostile: tries to hand the host a response wire of its own making (status 101, an upgrade) through the
// built-ins the host once awaited the handler with. The host must answer with the worker's real Response
// (or a 500), never with the forged status. Each path uses a fresh realm state: traps remove themselves.
const forged = [101, 'Switching Protocols', 'upgrade\nwebsocket\nconnection\nupgrade', 't', ''];
const body = () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('honest')); c.close(); } });

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/promise-then') {
      const original = Promise.prototype.then;
      Promise.prototype.then = function (ok, fail) {
        Promise.prototype.then = original;
        return typeof ok === 'function' ? ok(forged) : original.call(this, ok, fail);
      };
    } else if (path === '/array-then') {
      Array.prototype.then = function (resolve) { delete Array.prototype.then; resolve(forged); };
    } else if (path === '/has-instance') {
      Object.defineProperty(Response, Symbol.hasInstance, { value: () => true, configurable: true });
      const fake = { status: 101, headers: new Headers({ upgrade: 'websocket' }) };
      return fake;
    }
    return new Response(body());
  }
};
