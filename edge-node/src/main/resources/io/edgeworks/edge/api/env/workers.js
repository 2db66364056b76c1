// The built-in module `cloudflare:workers` (the same specifier as on Cloudflare, so code written for Workers
// imports it unchanged). Each realm evaluates it once, before any tenant code; env.js keeps WorkerEntrypoint
// to recognise entrypoint classes (an exported class whose prototype chain reaches WorkerEntrypoint.prototype).
export class WorkerEntrypoint {
    constructor(ctx, env) {
        this.ctx = ctx;
        this.env = env;
    }
}
