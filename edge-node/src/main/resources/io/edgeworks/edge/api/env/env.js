// The worker entrypoint: builds `env` (vars, secrets, service bindings, KV namespaces) and `ctx`,
// and dispatches one request to `export default { fetch }`. Must be evaluated last.
(function (host, internal) {
    'use strict';
    const g = globalThis;
    // Captured before tenant code runs: the dispatch path must not depend on what tenant code replaces.
    const apply = Reflect.apply;
    const P = Promise;
    const promiseThen = P.prototype.then;
    const isArray = Array.isArray;
    const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
    const S = String;

    // env.X holds the index of its channel in the version's bindings (resolved by the host when the version
    // was built), never a target name or a namespace id.
    class KvNamespace {
        #channel;
        constructor(key, channel) { if (key !== internal.token) throw new TypeError('Illegal constructor'); this.#channel = channel; }
        async get(key, options = undefined) {
            const type = typeof options === 'string' ? options : (options && options.type) || 'text';
            if (!['text', 'json', 'arrayBuffer', 'stream'].includes(type)) throw new TypeError(`KV get: unknown type '${type}'`);
            const raw = host.kvGet(this.#channel, String(key));
            if (raw === null) return null;
            if (type === 'json') return JSON.parse(host.decodeUtf8(raw));
            if (type === 'arrayBuffer') return internal.binaryToBytes(raw).buffer;
            if (type === 'stream') return new Response(internal.binaryToBytes(raw)).body;
            return host.decodeUtf8(raw);
        }
        async put(key, value, options = undefined) {
            let bin;
            if (typeof value === 'string') bin = internal.bytesToBinary(internal.utf8Encode(value));
            else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) bin = internal.bytesToBinary(internal.toBytes(value, 'KV put'));
            else throw new TypeError('KV put: value must be a string, ArrayBuffer or ArrayBufferView');
            const error = host.kvPut(this.#channel, String(key), bin);
            if (error !== null) throw new TypeError(error);
        }
        async delete(key) { host.kvDelete(this.#channel, String(key)); }
        async list(options = {}) {
            options = options || {};
            const limit = options.limit === undefined ? 1000 : Number(options.limit);
            if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('KV list: limit must be 1..1000');
            const r = host.kvList(this.#channel, options.prefix === undefined || options.prefix === null ? '' : String(options.prefix),
                limit, options.cursor ? String(options.cursor) : null);
            const keys = [];
            for (let i = 0; i < r[0].length; i++) keys.push({ name: r[0][i] });
            return r[1] === null ? { keys, list_complete: true, cacheStatus: null }
                : { keys, list_complete: false, cursor: r[1], cacheStatus: null };
        }
    }

    class Fetcher {
        #channel;
        constructor(key, channel) { if (key !== internal.token) throw new TypeError('Illegal constructor'); this.#channel = channel; }
        async fetch(input, init = undefined) {
            const request = new Request(input, init);
            const channel = this.#channel;
            return internal.send((wire, ok, fail) => host.serviceFetch(channel, wire, ok, fail), request);
        }
        async connect() { throw new TypeError('connect() is not supported on service bindings'); }
    }

    internal.createEnv = (vars, secrets, bindings) => {
        const env = {};
        for (let i = 0; i + 1 < vars.length; i += 2) env[vars[i]] = vars[i + 1];
        for (let i = 0; i + 1 < secrets.length; i += 2) env[secrets[i]] = secrets[i + 1];
        for (let i = 0; i + 2 < bindings.length; i += 3) {
            const kind = bindings[i], name = bindings[i + 1], channel = bindings[i + 2];
            env[name] = kind === 'kv' ? new KvNamespace(internal.token, channel) : new Fetcher(internal.token, channel);
        }
        return Object.freeze(env);
    };

    const describe = (e) => { try { return S(internal.describeError(e)); } catch (x) { return 'Uncaught (unprintable value)'; } };
    internal.describeError = (e) => {
        if (e instanceof Error) return e.stack && e.stack.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack || ''}`;
        try { return 'Uncaught ' + internal.inspect(e); } catch (x) { return 'Uncaught (unprintable value)'; }
    };

    // Starts the handler and reports to the host through `report` (a host function): (0, wire) the response,
    // (1, description) the handler failed, then (2, null) once every ctx.waitUntil() promise has settled.
    // Everything the host depends on here was captured before tenant code ran (Promise, its `then`,
    // Reflect.apply, Array.isArray), and no promise is resolved with a value whose `then` tenant code could
    // supply: a replaced Promise.prototype.then or an Array.prototype.then cannot forge the response.
    // With `streaming`, a ReadableStream response body is handed to the host as a reader (see responseToWire).
    internal.dispatch = (handler, env, method, url, headers, body, streaming, report) => {
        const request = internal.requestFromWire(method, url, headers, body);
        let pending = 0, responded = false;
        const settledOne = () => { if (--pending === 0 && responded) report(2, null); };
        const waitFailed = (e) => { host.log('error', 'waitUntil: ' + internal.describeError(e)); settledOne(); };
        const ctx = {
            waitUntil(promise) { pending++; then(new P((resolve) => resolve(promise)), settledOne, waitFailed); },
            passThroughOnException() {},
        };
        const respond = (kind, value) => {
            if (responded) return;
            responded = true;
            report(kind, value);
            if (pending === 0) report(2, null);
        };
        const fail = (e) => respond(1, describe(e));
        const wire = (r) => {
            if (!internal.isResponse(r)) throw new TypeError(`The fetch handler must return a Response, got ${internal.inspect(r)}`);
            const w = internal.responseToWire(r, streaming);
            if (isArray(w)) respond(0, w);
            else then(w, (box) => respond(0, box.wire), fail);
        };
        if (typeof handler.fetch !== 'function') {
            respond(1, 'The worker has no fetch handler: export default { async fetch(request, env, ctx) { … } }');
            return;
        }
        const result = new P((resolve) => resolve(handler.fetch(request, env, ctx)));
        then(result, (r) => { try { wire(r); } catch (e) { fail(e); } }, fail);
    };

    // A cron tick: runs `scheduled(controller, env, ctx)` and reports like dispatch: (0, null) once it settled,
    // (1, description) when it threw or rejected (or there is no such handler), then (2, null) once every
    // ctx.waitUntil() promise has settled. The controller is Cloudflare's ScheduledController.
    const ScheduledController = class ScheduledController {
        #time; #cron;
        constructor(key, time, cron) { if (key !== internal.token) throw new TypeError('Illegal constructor'); this.#time = time; this.#cron = cron; }
        get scheduledTime() { return this.#time; }
        get cron() { return this.#cron; }
        noRetry() { /* runs are never retried */ }
    };
    internal.dispatchScheduled = (handler, env, scheduledTime, cron, report) => {
        let pending = 0, settled = false;
        const settledOne = () => { if (--pending === 0 && settled) report(2, null); };
        const waitFailed = (e) => { host.log('error', 'waitUntil: ' + internal.describeError(e)); settledOne(); };
        const ctx = {
            waitUntil(promise) { pending++; then(new P((resolve) => resolve(promise)), settledOne, waitFailed); },
            passThroughOnException() {},
        };
        const finish = (kind, value) => {
            if (settled) return;
            settled = true;
            report(kind, value);
            if (pending === 0) report(2, null);
        };
        if (typeof handler.scheduled !== 'function') {
            finish(1, 'The worker has no scheduled handler: export default { async scheduled(controller, env, ctx) { … } }');
            return;
        }
        const controller = new ScheduledController(internal.token, scheduledTime, S(cron));
        const result = new P((resolve) => resolve(handler.scheduled(controller, env, ctx)));
        then(result, () => finish(0, null), (e) => finish(1, describe(e)));
    };

    // Host-only names that must not reach tenant code.
    for (const name of ['Java', 'Graal', 'Polyglot', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'readline', 'read', 'readbuffer', 'java', 'javax', 'com', 'org', 'edu', 'net', 'Packages']) {
        try { delete g[name]; } catch (e) { /* not configurable: left as is */ }
    }
    return internal;
})
