// The worker entrypoint: builds `env` (vars, secrets, service bindings, KV namespaces) and `ctx`,
// and dispatches one request to `export default { fetch }`. Must be evaluated last.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    // Captured before tenant code runs: the dispatch path must not depend on what tenant code replaces.
    const apply = Reflect.apply;
    const P = Promise;
    const promiseThen = P.prototype.then;
    const isArray = Array.isArray;
    const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
    const promiseProto = P.prototype, getPrototypeOf = Object.getPrototypeOf;
    const rejected = (e) => new P((resolve, reject) => reject(e));
    // Runs tenant code (`start`) and settles onOk/onError with what it returned, or onError with what it threw
    // (always in a later promise job). A promise of the engine's own (an async function's) is followed directly
    // through the captured `then`: resolving another promise with it would look up its `then` and cost two more
    // promise jobs. Anything else (a value, a thenable, a promise subclass) is resolved as the standard says; a
    // thenable's `then` is the tenant's own business.
    const follow = (start, onOk, onError) => {
        let value;
        try { value = start(); } catch (e) { value = rejected(e); }
        if (value !== null && typeof value === 'object' && getPrototypeOf(value) === promiseProto) {
            try {
                then(value, onOk, onError);
                return;
            } catch (e) {
                // not a promise after all (an object made from Promise.prototype): resolved below
            }
        }
        then(new P((resolve) => resolve(value)), onOk, onError);
    };
    const S = String;
    const ProxyC = Proxy, SetC = Set, hasOwn = Object.hasOwn;
    const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, defineProperty = Object.defineProperty;
    const objectCreate = Object.create, setPrototypeOf = Object.setPrototypeOf, freeze = Object.freeze;
    const isPrototypeOf = Function.prototype.call.bind(Object.prototype.isPrototypeOf);
    const setHas = Function.prototype.call.bind(Set.prototype.has);
    const objectProto = Object.prototype;
    const WeakMapC = WeakMap, weakMapGet = Function.prototype.call.bind(WeakMap.prototype.get);
    const weakMapSet = Function.prototype.call.bind(WeakMap.prototype.set);

    // env.X holds the index of its channel in the version's bindings (resolved by the host when the version
    // was built), never a target name or a namespace id.
    // A KV call is asynchronous, like fetch: the host settles it through ok(result) or fail(kind, message) (a
    // refused write is a TypeError, as on Workers) once the store answered; the request meanwhile holds no run slot.
    const kvCall = (start) => new P((resolve, reject) => start(resolve, (kind, text) => reject(internal.makeError(S(kind), S(text)))));
    class KvNamespace {
        #channel;
        constructor(key, channel) { if (key !== internal.token) throw new TypeError('Illegal constructor'); this.#channel = channel; }
        async get(key, options = undefined) {
            const type = typeof options === 'string' ? options : (options && options.type) || 'text';
            if (!['text', 'json', 'arrayBuffer', 'stream'].includes(type)) throw new TypeError(`KV get: unknown type '${type}'`);
            const channel = this.#channel;
            key = S(key);
            const raw = await kvCall((ok, fail) => host.kvGet(channel, key, ok, fail));
            if (raw === null) return null;
            if (type === 'json') return JSON.parse(host.decodeUtf8(raw));
            if (type === 'arrayBuffer') return internal.binaryToBytes(raw).buffer;
            if (type === 'stream') return new Response(internal.binaryToBytes(raw)).body;
            return host.decodeUtf8(raw);
        }
        async put(key, value, options = undefined) {
            const channel = this.#channel;
            key = S(key);
            let bin;
            if (typeof value === 'string') bin = internal.bytesToBinary(internal.utf8Encode(value));
            else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) bin = internal.bytesToBinary(internal.toBytes(value, 'KV put'));
            else throw new TypeError('KV put: value must be a string, ArrayBuffer or ArrayBufferView');
            await kvCall((ok, fail) => host.kvPut(channel, key, bin, ok, fail));
        }
        async delete(key) {
            const channel = this.#channel;
            key = S(key);
            await kvCall((ok, fail) => host.kvDelete(channel, key, ok, fail));
        }
        async list(options = {}) {
            const channel = this.#channel;
            options = options || {};
            const limit = options.limit === undefined ? 1000 : Number(options.limit);
            if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('KV list: limit must be 1..1000');
            const prefix = options.prefix === undefined || options.prefix === null ? '' : S(options.prefix);
            const cursor = options.cursor ? S(options.cursor) : null;
            const r = await kvCall((ok, fail) => host.kvList(channel, prefix, limit, cursor, ok, fail));
            const keys = [];
            for (let i = 0; i < r[0].length; i++) keys.push({ name: r[0][i] });
            return r[1] === null ? { keys, list_complete: true, cacheStatus: null }
                : { keys, list_complete: false, cursor: r[1], cacheStatus: null };
        }
    }

    // A service binding: fetch() is the HTTP path; any other name is a JavaScript RPC method of the bound
    // entrypoint (env.AUTH.check(token)): its arguments travel as a structured-clone message (rpc.js), the
    // callee runs in-process within this request (a subrequest), and its result or exception comes back the
    // same way. `then` is no method, so that a binding is never taken for a promise.
    // A binding object is a frozen Fetcher: fetch and connect are its class's own methods, found by an ordinary
    // property lookup; any other name falls through to a Proxy at the end of its prototype chain, which answers an
    // RPC method for it (so the HTTP path never passes a proxy trap). The channel is looked up by the binding object
    // (the receiver), not a private field.
    const channels = new WeakMapC();
    const channelOf = (fetcher) => {
        const channel = weakMapGet(channels, fetcher);
        if (channel === undefined) throw new TypeError('Illegal invocation');
        return channel;
    };
    class Fetcher {
        constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
        // Not an async function: that would wrap send()'s promise in another one (two more promise jobs per call).
        fetch(input, init = undefined) {
            try {
                const channel = channelOf(this);
                const request = internal.requestToSend(input, init);
                return internal.send((wire, ok, fail) => host.serviceFetch(channel, wire, ok, fail), request);
            } catch (e) {
                return rejected(e);
            }
        }
        async connect() { throw new TypeError('connect() is not supported on service bindings'); }
    }

    const call = (channel, method, args) => new P((resolve, reject) => {
        const message = internal.rpcEncodeArgs(args);
        host.serviceCall(channel, method, message,
            (result) => { let v; try { v = internal.rpcDecode(result); } catch (e) { reject(e); return; } resolve(v); },
            (thrown) => { let e; try { e = internal.rpcDecode(thrown); } catch (x) { e = x; } reject(e); },
            (kind, text) => reject(internal.makeError(kind, text)));
    });

    // The end of every binding's prototype chain: names that are not Fetcher's own become RPC methods.
    const rpcNames = new ProxyC(objectCreate(null), {
        get(target, name, receiver) {
            if (typeof name !== 'string' || name === 'then') return undefined;
            const channel = weakMapGet(channels, receiver);
            if (channel === undefined) return undefined;
            return (...args) => call(channel, name, args);
        },
        set() { return false; },
        defineProperty() { return false; },
        deleteProperty() { return false; },
        setPrototypeOf() { return false; },
    });
    setPrototypeOf(Fetcher.prototype, rpcNames);
    delete Fetcher.prototype.constructor; // a method name like any other (reserved: the callee refuses it)
    freeze(Fetcher.prototype);
    freeze(Fetcher);
    const stub = (channel) => {
        const binding = freeze(new Fetcher(internal.token));
        weakMapSet(channels, binding, channel);
        return binding;
    };

    // Entrypoints: the default export or a named one (the binding's `entrypoint`), each a plain object with
    // handler methods, or a class that extends WorkerEntrypoint (from "cloudflare:workers"), constructed per
    // call with (ctx, env).
    let entrypointProto = null;
    internal.builtinModule = (specifier, namespace) => {
        if (specifier === 'cloudflare:workers') entrypointProto = namespace.WorkerEntrypoint.prototype;
    };
    const isEntrypointClass = (v) => {
        if (typeof v !== 'function' || entrypointProto === null) return false;
        const d = getOwnPropertyDescriptor(v, 'prototype');
        return d !== undefined && 'value' in d && d.value !== null && typeof d.value === 'object' && isPrototypeOf(entrypointProto, d.value);
    };
    // 'class', 'object' or null: what the host accepts as a worker's default export.
    internal.entrypointKind = (v) => isEntrypointClass(v) ? 'class' : (v !== null && typeof v === 'object' ? 'object' : null);

    // The target of one call: { self, isClass } for the export `name` (null: default) of `exports`.
    const entrypoint = (exports, name, env, ctx) => {
        const exported = name === null ? exports.default : (hasOwn(exports, name) ? exports[name] : undefined);
        if (isEntrypointClass(exported)) return { self: new exported(ctx, env), isClass: true };
        if (exported !== null && typeof exported === 'object') return { self: exported, isClass: false };
        if (name === null) throw new TypeError('The worker\'s default export is neither an object nor a class that extends WorkerEntrypoint');
        throw new TypeError(`The worker has no entrypoint "${S(name)}": export a class that extends WorkerEntrypoint (from "cloudflare:workers") under that name`);
    };

    // Cloudflare's rules (workerd api/worker-rpc.c++): these names never reach a method; on a class, only
    // prototype methods (not own instance properties, not Object.prototype's); on a plain object, its own
    // properties, called with (…args, env, ctx).
    const reserved = new SetC(['fetch', 'connect', 'alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError', 'dup', 'constructor']);
    const rpcMethod = (target, name) => {
        if (setHas(reserved, name)) throw new TypeError(`'${name}' is a reserved method and cannot be called over RPC.`);
        const self = target.self;
        let fn;
        if (target.isClass) {
            if (hasOwn(self, name)) throw notImplemented(name);
            fn = self[name];
            if (fn === objectProto[name]) throw notImplemented(name);
        } else {
            if (!hasOwn(self, name)) throw notImplemented(name);
            fn = self[name];
        }
        if (typeof fn !== 'function') throw new TypeError(`"${name}" is not a function.`);
        return fn;
    };
    const notImplemented = (name) => new TypeError(`The RPC receiver does not implement the method "${name}".`);

    // The HTTP path: an object's fetch(request, env, ctx), a class instance's fetch(request).
    const fetchHandler = (exports, name, request, env, ctx) => {
        if (name === null) {
            const handler = exports.default;
            if (handler !== null && typeof handler === 'object') {
                // a worker may serve only cron triggers (`scheduled`); a request to it is its error, said plainly
                if (typeof handler.fetch !== 'function') throw new TypeError('The worker has no fetch handler: export default { async fetch(request, env, ctx) { … } }');
                return handler.fetch(request, env, ctx);
            }
        }
        const target = entrypoint(exports, name, env, ctx);
        const fn = target.self.fetch;
        if (typeof fn !== 'function') {
            throw new TypeError(name === null ? 'The worker has no fetch handler: its default export has no fetch()' : `The entrypoint "${S(name)}" has no fetch() handler`);
        }
        return target.isClass ? apply(fn, target.self, [request]) : apply(fn, target.self, [request, env, ctx]);
    };

    internal.createEnv = (vars, secrets, bindings) => {
        const env = {};
        for (let i = 0; i + 1 < vars.length; i += 2) env[vars[i]] = vars[i + 1];
        for (let i = 0; i + 1 < secrets.length; i += 2) env[secrets[i]] = secrets[i + 1];
        for (let i = 0; i + 2 < bindings.length; i += 3) {
            const kind = bindings[i], name = bindings[i + 1], channel = bindings[i + 2];
            env[name] = kind === 'kv' ? new KvNamespace(internal.token, channel) : stub(channel);
        }
        return Object.freeze(env);
    };

    const describe = (e) => { try { return S(internal.describeError(e)); } catch (x) { return 'Uncaught (unprintable value)'; } };
    internal.describeError = (e) => {
        if (e instanceof Error) return e.stack && e.stack.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack || ''}`;
        try { return 'Uncaught ' + internal.inspect(e); } catch (x) { return 'Uncaught (unprintable value)'; }
    };

    // The ctx of one call and its reporting: respond(kind, value) once, then (2, null) once every
    // ctx.waitUntil() promise has settled.
    const invocation = (report) => {
        let pending = 0, responded = false;
        const settledOne = () => { if (--pending === 0 && responded) report(2, null); };
        const waitFailed = (e) => { host.log('error', 'waitUntil: ' + internal.describeError(e)); settledOne(); };
        const ctx = {
            waitUntil(promise) { pending++; follow(() => promise, settledOne, waitFailed); },
            passThroughOnException() {},
        };
        const respond = (kind, value) => {
            if (responded) return;
            responded = true;
            report(kind, value);
            if (pending === 0) report(2, null);
        };
        return { ctx, respond };
    };

    // Starts the handler of the entrypoint `name` (null: the default export) and reports to the host through
    // `report` (a host function): (0, wire) the response, (1, description) the handler failed, then (2, null)
    // once every ctx.waitUntil() promise has settled.
    // Everything the host depends on here was captured before tenant code ran (Promise, its `then`,
    // Reflect.apply, Array.isArray), and no promise is resolved with a value whose `then` tenant code could
    // supply: a replaced Promise.prototype.then or an Array.prototype.then cannot forge the response.
    // With `streaming`, a ReadableStream response body is handed to the host as a reader (see responseToWire).
    internal.dispatch = (exports, name, env, method, url, headers, body, streaming, report) => {
        const request = internal.requestFromWire(method, url, headers, body);
        const { ctx, respond } = invocation(report);
        const fail = (e) => respond(1, describe(e));
        const wire = (r) => {
            if (!internal.isResponse(r)) throw new TypeError(`The fetch handler must return a Response, got ${internal.inspect(r)}`);
            const w = internal.responseToWire(r, streaming);
            if (isArray(w)) respond(0, w);
            else then(w, (box) => respond(0, box.wire), fail);
        };
        follow(() => fetchHandler(exports, name, request, env, ctx), (r) => { try { wire(r); } catch (e) { fail(e); } }, fail);
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
        const { ctx, respond: finish } = invocation(report);
        if (handler === null || handler === undefined || typeof handler.scheduled !== 'function') {
            finish(1, 'The worker has no scheduled handler: export default { async scheduled(controller, env, ctx) { … } }');
            return;
        }
        const controller = new ScheduledController(internal.token, scheduledTime, S(cron));
        follow(() => handler.scheduled(controller, env, ctx), () => finish(0, null), (e) => finish(1, describe(e)));
    };

    // Runs the RPC method `methodName` of the entrypoint `name` with the arguments of `message` (rpc.js) and
    // reports (0, result message) or (3, thrown message), then (2, null) once ctx.waitUntil() work settled.
    // Whatever goes wrong (no such entrypoint or method, arguments or result that cannot be cloned) is thrown
    // to the caller, never reported as this worker's failure.
    internal.call = (exports, name, env, methodName, message, report) => {
        const { ctx, respond } = invocation(report);
        const threw = (e) => respond(3, internal.rpcEncodeThrown(e));
        follow(() => {
            const target = entrypoint(exports, name, env, ctx);
            const fn = rpcMethod(target, methodName);
            const args = internal.rpcDecode(message);
            if (!isArray(args)) throw new TypeError('malformed RPC arguments');
            if (!target.isClass) {
                defineProperty(args, args.length, { value: env, writable: true, enumerable: true, configurable: true });
                defineProperty(args, args.length, { value: ctx, writable: true, enumerable: true, configurable: true });
            }
            return apply(fn, target.self, args);
        }, (v) => {
            let text;
            try { text = internal.rpcEncode(v); } catch (e) { threw(e); return; }
            respond(0, text);
        }, threw);
    };

    // Host-only names that must not reach tenant code.
    for (const name of ['Java', 'Graal', 'Polyglot', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'readline', 'read', 'readbuffer', 'java', 'javax', 'com', 'org', 'edu', 'net', 'Packages']) {
        try { delete g[name]; } catch (e) { /* not configurable: left as is */ }
    }
    return internal;
})
