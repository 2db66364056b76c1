// The JIT warm-up's sample worker (runtime.JitWarmUp): the paths most requests take through the Web API prelude,
// run thousands of times while a node that has just started has nothing else to do, so that the JIT compiler has
// compiled them (and itself) before tenants' traffic needs them. One path per kind of worker: a Response from a
// string, a request forwarded through a service binding, a JS RPC call on a named entrypoint, JSON in and out.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/text':
        return new Response('hello');
      case '/binding': {
        const answer = await env.PEER.fetch(request);
        if (answer.status !== 200) return answer;
        return new Response('hello, ' + await answer.text());
      }
      case '/rpc': {
        const verdict = await env.CHECKER.check(request.headers.get('x-token'));
        return verdict.ok ? new Response('hello, ' + verdict.user) : new Response('denied', { status: 403 });
      }
      case '/json': {
        const order = await request.json();
        const lines = order.lines.map(line => ({ ...line, total: Math.round(line.price * line.quantity * 100) / 100 }));
        const total = lines.reduce((sum, line) => sum + line.total, 0);
        return Response.json({ id: order.id, customer: order.customer.name.toUpperCase(), lines, total });
      }
      default:
        return new Response('no such sample', { status: 404 });
    }
  },
};
