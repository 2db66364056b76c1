let spins = 0;
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ok") return new Response(`still alive after ${spins} spins`);
    spins++;
    while (true) { }
  }
};
