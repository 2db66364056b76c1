// scheduled() spins past its CPU limit: the run ends with the limit, the interrupted realm is discarded (the count
// starts again) and the next request of the version is served.
let spins = 0;
export default {
  async fetch() { return new Response(`alive after ${spins} spins`); },
  async scheduled() { spins++; while (true) { } }
};
