// 30 binding calls, each of which makes 5 more: 180 subrequests if every worker had its own 50; the
// request has one budget of 50 for all of them (9 calls here + 41 in the chain).
export default {
  async fetch(request, env) {
    let made = 0;
    for (let i = 0; i < 30; i++) {
      try {
        const r = await env.CHAIN.fetch('https://chain/' + i);
        made += 1 + Number(await r.text());
      } catch (e) {
        return new Response(`made ${made} subrequests, then: ${e.message}`);
      }
    }
    return new Response(`made ${made} subrequests, no limit`);
  }
};
