// scheduled() returns at once, its ctx.waitUntil() work spins: the run is not over until that work is, and the limit is its outcome.
export default {
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 1)).then(() => { while (true) { } }));
    console.log('handler returned');
  }
};
