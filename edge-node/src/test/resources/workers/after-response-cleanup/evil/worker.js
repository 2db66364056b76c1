// Hostile: once its response is built, replaces the built-ins a host could use to finish a request (the
// timer table's Map, Promise.all for waitUntil) with endless loops, and leaves timers behind. If the host ran
// any of them after the response (outside the request's limits), the node's worker threads would spin for
// good and no other tenant would be answered again.
export default {
  fetch(request) {
    const response = new Response('bye');
    const spin = function () { while (true) {} };
    for (const [owner, names] of [
      [Map.prototype, ['delete', 'clear']],
      [Promise, ['all', 'allSettled', 'race']],
    ]) {
      for (const name of names) owner[name] = spin;
    }
    setTimeout(() => {}, 2 ** 53);
    setTimeout(spin, 5);
    setInterval(() => {}, 1);
    return response;
  }
};
