// The JIT warm-up's service behind the sample worker's bindings (runtime.JitWarmUp): answers a forwarded request by
// fetch and a check by JS RPC.
import { WorkerEntrypoint } from 'cloudflare:workers';

export class Checker extends WorkerEntrypoint {
  check(token) {
    return token === 'warm-up' ? { ok: true, user: 'warm-up' } : { ok: false };
  }
}

export default {
  async fetch(request) {
    if (request.headers.get('x-token') !== 'warm-up') return new Response('denied', { status: 403 });
    return new Response('warm-up');
  },
};
