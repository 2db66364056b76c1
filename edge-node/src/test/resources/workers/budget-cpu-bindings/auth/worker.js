// Spins about 80 ms (checking the clock rarely, so the loop allocates next to nothing).
export default {
  fetch() {
    const end = Date.now() + 80;
    for (let i = 1; ; i++) {
      if ((i & 0xfff) === 0 && Date.now() >= end) break;
    }
    return new Response('ok');
  }
};
