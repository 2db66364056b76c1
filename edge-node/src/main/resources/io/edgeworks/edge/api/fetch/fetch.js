// Fetch Standard: Request, Response and fetch() (Headers is in headers.js). A body is held as its source
// (a JS string, a "binary string" of one char per byte as bytes cross from the host, or a Uint8Array) and
// only becomes a ReadableStream (a byte stream) when `.body` is touched; a body given as a ReadableStream is
// that stream. Consuming a source-held body takes the source directly (the hot path builds no stream);
// consuming a stream reads it to its end through pipeTo, whose reads never go through user-visible promises.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    // Internal state and methods are keyed by registry symbols, not private names: see the top of headers.js.
    const symbolFor = Symbol.for;
    const BODY = symbolFor('edgeworks:body'),
        REQUEST = symbolFor('edgeworks:request'),
        RESPONSE = symbolFor('edgeworks:response'),
        BODY_UNUSABLE = symbolFor('edgeworks:body.unusable'),
        BODY_CONSUME = symbolFor('edgeworks:body.consume'),
        BODY_READ = symbolFor('edgeworks:body.read'),
        REQUEST_SIGNAL = symbolFor('edgeworks:request.signal');
    const g = globalThis;
    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;
    const Headers = g.Headers;

    // Captured now: tenant code may later replace globals and prototype members; the prelude must not notice.
    const apply = Reflect.apply;
    const hasOwn = Object.prototype.hasOwnProperty;
    const isPrototypeOf = Object.prototype.isPrototypeOf;
    const promiseThen = Promise.prototype.then;
    const U8 = Uint8Array;
    const u8set = Object.getPrototypeOf(U8.prototype).set;
    const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(U8.prototype), Symbol.toStringTag).get;
    // The streams library's classes and methods, taken when the realm first makes a stream (streams.js runs the
    // library on demand, and this hook with it, with the realm's own built-ins). Every function below that makes a
    // stream from nothing calls loadStreams first; the others receive a stream: one this file made, or the worker's,
    // whose ReadableStream ran the library (and this hook) first.
    let RS, WS, TS, rsProto, rsLocked, rsGetReader, rsPipeTo, rsPipeThrough, readerRead, readerCancel, readerClosed,
        dcEnqueue, dcClose, dcError, bcEnqueue, bcClose, tsReadable, tsWritable;
    internal.onLoaded('streams', (lib) => {
        const rs = lib.ReadableStream, ts = lib.TransformStream;
        const readerProto = lib.ReadableStreamDefaultReader.prototype;
        const dcProto = lib.ReadableStreamDefaultController.prototype;
        const bcProto = lib.ReadableByteStreamController.prototype;
        rsProto = rs.prototype;
        rsLocked = Object.getOwnPropertyDescriptor(rsProto, 'locked').get;
        rsGetReader = rsProto.getReader; rsPipeTo = rsProto.pipeTo; rsPipeThrough = rsProto.pipeThrough;
        readerRead = readerProto.read; readerCancel = readerProto.cancel;
        readerClosed = Object.getOwnPropertyDescriptor(readerProto, 'closed').get;
        dcEnqueue = dcProto.enqueue; dcClose = dcProto.close; dcError = dcProto.error;
        bcEnqueue = bcProto.enqueue; bcClose = bcProto.close;
        tsReadable = Object.getOwnPropertyDescriptor(ts.prototype, 'readable').get;
        tsWritable = Object.getOwnPropertyDescriptor(ts.prototype, 'writable').get;
        WS = lib.WritableStream; TS = ts; RS = rs;
    });
    function loadStreams() {
        if (RS === undefined) internal.streams();
    }
    const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
    const P = Promise;
    const isArray = Array.isArray;

    // Streams helpers. The streams library is the WHATWG reference implementation: its streams keep their
    // state in own properties (`_readableStreamController`, `_disturbed`), which serve as brand and flag.
    // Until the library ran in this realm (RS set by the hook above) nothing is a stream.
    const isStream = (x) => typeof x === 'object' && x !== null && RS !== undefined
        && apply(hasOwn, x, ['_readableStreamController']) && apply(isPrototypeOf, rsProto, [x]);
    const isLocked = (s) => apply(rsLocked, s, []);
    const isDisturbed = (s) => s._disturbed === true;
    const isUint8Array = (x) => apply(typedArrayTag, x, []) === 'Uint8Array';
    const NO_OPTIONS = Object.freeze({ __proto__: null });

    // Streams made over a body source, with that source ([kind, data]): as long as such a stream is neither
    // locked nor disturbed, a body that has it (new Response(other.body)) takes the source without reading.
    const sourceOf = new WeakMap();
    const wmGet = WeakMap.prototype.get, wmSet = WeakMap.prototype.set;

    // A byte stream over a body source: nothing is copied until the first read pulls the bytes.
    function sourceStream(kind, data) {
        const stream = kind === 'up' ? upstreamStream(data) : makeSourceStream(() => bytesFrom(kind, data));
        apply(wmSet, sourceOf, [stream, [kind, data]]);
        return stream;
    }
    function makeSourceStream(bytesOf) {
        loadStreams();
        return new RS({
            __proto__: null,
            type: 'bytes',
            pull(c) {
                const bytes = bytesOf();
                if (bytes.byteLength > 0) apply(bcEnqueue, c, [bytes]);
                apply(bcClose, c, []);
            },
        }, { __proto__: null, highWaterMark: 0 });
    }

    // Upstream bodies (a fetch() response, body kind 'up', data = the host's id of the body in this request)
    // arrive from the upstream as the worker reads them. Read whole in one host call (capped at the host's
    // edge.fetch.max-response-bytes), or as a byte stream pulling one host chunk per read (backpressure: the
    // host reads the upstream ahead by a bounded amount only); an untouched one returned from the handler
    // goes to the client without passing through JavaScript (responseToWire, kind 'u').
    const hostError = (reject) => (kind, message) => reject(internal.makeError(kind, message));
    function readUpstream(id) {
        return new P((resolve, reject) => host.fetchReadAll(id, resolve, hostError(reject)));
    }
    function upstreamStream(id) {
        loadStreams();
        return new RS({
            __proto__: null,
            type: 'bytes',
            pull(c) {
                return new P((resolve, reject) => host.fetchRead(id, (bin) => {
                    if (bin === null) apply(bcClose, c, []);
                    else if (bin.length > 0) apply(bcEnqueue, c, [internal.binaryToBytes(bin)]);
                    resolve(undefined);
                }, hostError(reject)));
            },
            cancel() { host.fetchCancel(id, 'cancelled by the worker'); },
        }, { __proto__: null, highWaterMark: 0 });
    }

    // The stream of a body consumed without ever being exposed: closed, locked and disturbed, as if read.
    function consumedStream() {
        loadStreams();
        const s = new RS({ __proto__: null, type: 'bytes', start(c) { apply(bcClose, c, []); } }, { __proto__: null, highWaterMark: 0 });
        apply(rsGetReader, s, []);
        s._disturbed = true;
        return s;
    }

    // Reads a stream to its end into box[0] (a Uint8Array). The promise settles with undefined (never with an
    // object, whose `then` a tenant could hijack); a chunk that is not a Uint8Array rejects with a TypeError.
    function readAll(stream, box) {
        const chunks = [];
        let total = 0;
        const sink = new WS({
            __proto__: null,
            write(chunk) {
                if (!isUint8Array(chunk)) throw new TypeError('Body stream chunks must be Uint8Array');
                chunks[chunks.length] = new U8(chunk);
                total += chunk.byteLength;
            },
        }, { __proto__: null, highWaterMark: 1 });
        return then(apply(rsPipeTo, stream, [sink, NO_OPTIONS]), () => {
            const out = new U8(total);
            for (let i = 0, at = 0; i < chunks.length; i++) { apply(u8set, out, [chunks[i], at]); at += chunks[i].byteLength; }
            box[0] = out;
        });
    }

    // A new stream with the chunks of `stream` (Fetch's "create a proxy"); `stream` becomes locked and disturbed.
    function proxyStream(stream) {
        const ts = new TS({ __proto__: null }, { __proto__: null, highWaterMark: 1 }, { __proto__: null, highWaterMark: 0 });
        const pair = { __proto__: null, writable: apply(tsWritable, ts, []), readable: apply(tsReadable, ts, []) };
        return apply(rsPipeThrough, stream, [pair, NO_OPTIONS]);
    }

    // ReadableStreamTee with cloneForBranch2 (the library's tee() does not clone): the second branch gets
    // structured clones of the chunks, so that a clone's reader never sees the original's objects.
    function teeStream(stream) {
        const reader = apply(rsGetReader, stream, []);
        let reading = false, readAgain = false, canceled1 = false, canceled2 = false, reason1, reason2, c1, c2;
        let resolveCancel;
        const cancelled = new Promise((resolve) => { resolveCancel = resolve; });
        const safe = (fn, c, args) => { try { apply(fn, c, args); } catch (e) { /* branch already closed or errored */ } };
        function pull() {
            if (reading) { readAgain = true; return; }
            reading = true;
            then(apply(readerRead, reader, []), (r) => {
                reading = false;
                if (r.done) {
                    if (!canceled1) safe(dcClose, c1, []);
                    if (!canceled2) safe(dcClose, c2, []);
                    if (!canceled1 || !canceled2) resolveCancel(undefined);
                    return;
                }
                const chunk = r.value;
                let chunk2 = chunk;
                if (!canceled2) {
                    try { chunk2 = internal.structuredClone(chunk); } catch (e) {
                        safe(dcError, c1, [e]); safe(dcError, c2, [e]);
                        resolveCancel(apply(readerCancel, reader, [e]));
                        return;
                    }
                }
                if (!canceled1) safe(dcEnqueue, c1, [chunk]);
                if (!canceled2) safe(dcEnqueue, c2, [chunk2]);
                if (readAgain) { readAgain = false; pull(); }
            }, () => { reading = false; });
        }
        const branch = (first) => new RS({
            __proto__: null,
            start(c) { if (first) c1 = c; else c2 = c; },
            pull() { pull(); },
            cancel(reason) {
                if (first) { canceled1 = true; reason1 = reason; } else { canceled2 = true; reason2 = reason; }
                if (canceled1 && canceled2) resolveCancel(apply(readerCancel, reader, [[reason1, reason2]]));
                return cancelled;
            },
        }, { __proto__: null, highWaterMark: 1 });
        const b1 = branch(true), b2 = branch(false);
        then(apply(readerClosed, reader, []), undefined, (e) => {
            safe(dcError, c1, [e]); safe(dcError, c2, [e]);
            if (!canceled1 || !canceled2) resolveCancel(undefined);
        });
        return [b1, b2];
    }

    // The host's reader of a streamed response body: read(ok, fail) calls ok(binary string) per chunk, ok(null)
    // at the end, or fail(description) once the stream errors or yields a chunk that is not a Uint8Array;
    // cancel(reason) cancels the stream (the client went away). Not reachable from tenant code.
    function hostReader(stream) {
        const reader = apply(rsGetReader, stream, []);
        const ignore = () => {};
        return Object.freeze({
            __proto__: null,
            read(ok, fail) {
                then(apply(readerRead, reader, []), (r) => {
                    if (r.done) { ok(null); return; }
                    const chunk = r.value;
                    if (!isUint8Array(chunk)) {
                        const e = new TypeError('Body stream chunks must be Uint8Array');
                        then(apply(readerCancel, reader, [e]), ignore, ignore);
                        fail(internal.describeError(e));
                        return;
                    }
                    ok(internal.bytesToBinary(chunk));
                }, (e) => fail(internal.describeError(e)));
            },
            cancel(reason) { then(apply(readerCancel, reader, [reason]), ignore, ignore); },
        });
    }

    // [kind, data, Content-Type] of a BodyInit; kind 'none' | 'text' | 'bin' | 'bytes' | 'stream'.
    function extractBody(body) {
        if (body === null || body === undefined) return ['none', null, null];
        if (typeof body === 'string') return ['text', body, 'text/plain;charset=UTF-8'];
        if (body instanceof ArrayBuffer) return ['bytes', new U8(body.slice(0)), null];
        if (ArrayBuffer.isView(body)) return ['bytes', new U8(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
        if (body instanceof URLSearchParams) return ['text', body.toString(), 'application/x-www-form-urlencoded;charset=UTF-8'];
        if (isStream(body)) {
            if (isLocked(body) || isDisturbed(body)) throw new TypeError('The body stream is locked or disturbed');
            return ['stream', body, null];
        }
        if (internal.isBlob(body)) return extractBlob(body);
        if (internal.isFormData(body)) return extractFormData(body);
        return ['text', String(body), 'text/plain;charset=UTF-8'];
    }
    // Blob and FormData bodies (api/blob, api/formdata).
    function extractBlob(blob) {
        const type = internal.blobType(blob);
        return ['bytes', internal.blobBytes(blob), type === '' ? null : type];
    }
    function extractFormData(fd) {
        const encoded = internal.formDataEncode(fd);
        return ['bytes', encoded.bytes, encoded.contentType];
    }

    const promiseResolve = (v) => new Promise((resolve) => resolve(v));
    const promiseReject = (e) => new Promise((resolve, reject) => reject(e));
    const jsonParse = JSON.parse, jsonStringify = JSON.stringify;
    const NONE = Object.freeze(['none', null]);
    function bytesFrom(kind, data) {
        if (kind === 'none') return new U8(0);
        if (kind === 'text') return internal.utf8Encode(data);
        if (kind === 'bin') return internal.binaryToBytes(data);
        return data;
    }
    function textFrom(kind, data) {
        if (kind === 'none') return '';
        if (kind === 'text') return data;
        if (kind === 'bin') return host.decodeUtf8(data);
        return internal.utf8Decode(data, false);
    }

    let setBody, headersOf;
    class Body {
        // One state slot holding a plain object, keyed by a registry symbol (see the top of this file).
        // data holds the source until consumed; stream is the body's ReadableStream once there is one.
        [BODY] = { kind: 'none', data: null, stream: null, used: false };
        get bodyUsed() {
            if (this[BODY].kind === 'none') return false;
            return this[BODY].stream !== null ? isDisturbed(this[BODY].stream) : this[BODY].used;
        }
        get body() {
            if (this[BODY].kind === 'none') return null;
            if (this[BODY].stream === null) {
                const kind = this[BODY].kind, data = this[BODY].data;
                this[BODY].stream = this[BODY].used ? consumedStream() : sourceStream(kind, data);
            }
            return this[BODY].stream;
        }
        [BODY_UNUSABLE]() {
            const s = this[BODY].stream;
            return s !== null ? isLocked(s) || isDisturbed(s) : this[BODY].used;
        }
        // Starts consuming: [kind, source] of a source-held body (its stream, if any, ends locked and disturbed),
        // or ['stream', stream] for a body that must be read from its stream.
        [BODY_CONSUME]() {
            const kind = this[BODY].kind;
            if (kind === 'none') return NONE;
            if (this[BODY_UNUSABLE]()) throw new TypeError('Body has already been used');
            const s = this[BODY].stream;
            if (kind === 'stream') {
                const source = apply(wmGet, sourceOf, [s]);
                if (source === undefined) return ['stream', s];
                apply(rsGetReader, s, []); s._disturbed = true;
                return source;
            }
            this[BODY].used = true;
            if (s !== null) { apply(rsGetReader, s, []); s._disturbed = true; }
            const data = this[BODY].data;
            this[BODY].data = null;
            return [kind, data];
        }
        // Consumes the body and settles with finish(kind, source) (kind 'bytes' after reading a stream).
        [BODY_READ](finish) {
            try {
                const c = this[BODY_CONSUME]();
                if (c[0] === 'up') return then(readUpstream(c[1]), (bin) => finish('bin', bin));
                if (c[0] !== 'stream') return promiseResolve(finish(c[0], c[1]));
                const box = [];
                return then(readAll(c[1], box), () => finish('bytes', box[0]));
            } catch (e) {
                return promiseReject(e);
            }
        }
        text() { return this[BODY_READ](textFrom); }
        json() { return this[BODY_READ]((kind, data) => jsonParse(textFrom(kind, data))); }
        arrayBuffer() {
            return this[BODY_READ]((kind, data) => {
                const b = bytesFrom(kind, data);
                return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer;
            });
        }
        bytes() { return this[BODY_READ](bytesFrom); }
        // Blob and FormData results (api/blob, api/formdata).
        // The MIME type comes from the Content-Type header (Fetch: extract a MIME type), read when the body is.
        formData() {
            return this[BODY_READ]((kind, data) => internal.formDataDecode(bytesFrom(kind, data), contentTypeOf(this)));
        }
        blob() {
            return this[BODY_READ]((kind, data) => {
                const mimeType = internal.extractMimeType(contentTypeOf(this));
                return internal.blobFromBytes(bytesFrom(kind, data), mimeType === null ? '' : internal.serializeMimeType(mimeType));
            });
        }
        static {
            setBody = (o, kind, data) => {
                o[BODY].kind = kind; o[BODY].used = false;
                if (kind === 'stream') { o[BODY].stream = data; o[BODY].data = null; } else { o[BODY].stream = null; o[BODY].data = data; }
            };
            internal.hasBody = (o) => o[BODY].kind !== 'none';
            internal.bodyUnusable = (o) => o[BODY].kind !== 'none' && o[BODY_UNUSABLE]();
            // [kind, data] for the host: 't' + JS string or 'b' + binary string, or a promise of ['b', binary
            // string] once a stream body has been read to its end; marks the body used.
            internal.bodyToWire = (o) => {
                const c = o[BODY_CONSUME]();
                if (c[0] === 'none') return ['b', ''];
                if (c[0] === 'text') return ['t', c[1]];
                if (c[0] === 'bin') return ['b', c[1]];
                if (c[0] === 'bytes') return ['b', internal.bytesToBinary(c[1])];
                if (c[0] === 'up') return then(readUpstream(c[1]), (bin) => ['b', bin]);
                const box = [];
                return then(readAll(c[1], box), () => ['b', internal.bytesToBinary(box[0])]);
            };
            // The host's id of an untouched fetch() body (kind 'up', or a stream over one that is neither
            // locked nor disturbed) to relay to the client as it is, else null; consumes the body.
            internal.upstreamForHost = (o) => {
                const source = o[BODY].kind === 'stream' || (o[BODY].kind === 'up' && o[BODY].stream !== null)
                    ? apply(wmGet, sourceOf, [o[BODY].stream]) : (o[BODY].kind === 'up' ? ['up', o[BODY].data] : undefined);
                if (source === undefined || source[0] !== 'up') return null;
                return o[BODY_CONSUME]()[1];
            };
            // The body's own ReadableStream when the host should stream it to the client (a stream that is
            // not just over a source: those take the whole-body path), else null; throws when it is unusable.
            internal.bodyStreamForHost = (o) => {
                if (o[BODY].kind !== 'stream' || apply(wmGet, sourceOf, [o[BODY].stream]) !== undefined) return null;
                if (o[BODY_UNUSABLE]()) throw new TypeError('Body has already been used');
                return o[BODY].stream;
            };
            // new Request(input) without init.body: the new request takes input's body (a stream through a proxy).
            internal.takeBody = (from, to) => {
                if (from[BODY].kind === 'none') return;
                if (from[BODY_UNUSABLE]()) throw new TypeError('Body has already been used');
                if (from[BODY].kind === 'stream' && apply(wmGet, sourceOf, [from[BODY].stream]) === undefined) {
                    to[BODY].kind = 'stream'; to[BODY].stream = proxyStream(from[BODY].stream);
                    return;
                }
                const c = from[BODY_CONSUME]();
                to[BODY].kind = c[0]; to[BODY].data = c[1];
            };
            // new Request(input, { body }): input's body is left disturbed all the same.
            internal.disturbBody = (o) => {
                if (o[BODY].kind === 'none' || o[BODY_UNUSABLE]()) return;
                if (o[BODY].kind === 'stream') { apply(rsGetReader, o[BODY].stream, []); o[BODY].stream._disturbed = true; return; }
                const c = o[BODY_CONSUME]();
                if (c[0] === 'up') host.fetchCancel(c[1], 'the body was replaced');
            };
            // clone(): a source is copied, a stream is teed (this body keeps the first branch).
            internal.cloneBody = (from, to) => {
                if (from[BODY].kind === 'none') return;
                if (from[BODY_UNUSABLE]()) throw new TypeError('Body has already been used');
                if (from[BODY].kind === 'up') {
                    // a fetch() body cannot be copied: both get a branch of a tee of its stream
                    if (from[BODY].stream === null) from[BODY].stream = sourceStream('up', from[BODY].data);
                    from[BODY].kind = 'stream'; from[BODY].data = null;
                }
                to[BODY].kind = from[BODY].kind;
                const source = from[BODY].kind === 'stream' ? apply(wmGet, sourceOf, [from[BODY].stream]) : undefined;
                if (source !== undefined && source[0] !== 'up') {
                    // an untouched stream over a source: the clone copies the source, this body keeps its stream
                    to[BODY].kind = source[0];
                    to[BODY].data = source[0] === 'bytes' ? source[1].slice() : source[1];
                } else if (from[BODY].kind === 'stream') {
                    const branches = teeStream(from[BODY].stream);
                    from[BODY].stream = branches[0]; to[BODY].stream = branches[1];
                } else {
                    to[BODY].data = from[BODY].kind === 'bytes' ? from[BODY].data.slice() : from[BODY].data;
                }
            };
        }
    }

    // The combined Content-Type value of a Request's or Response's own header list (null when absent).
    function contentTypeOf(o) {
        return internal.headersCombined(headersOf(o), 'content-type');
    }

    const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
    // RequestMode. There is no origin in a server runtime, so a mode changes no fetch; 'no-cors' limits the
    // methods and guards the headers (CORS-safelisted request-headers only), as the Fetch Standard says.
    const MODES = new Set(['same-origin', 'no-cors', 'cors', 'navigate']);
    const CORS_SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
    const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']);
    const REFERRER_POLICIES = new Set(['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
        'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url']);
    const CREDENTIALS = new Set(['omit', 'same-origin', 'include']);
    const CACHE_MODES = new Set(['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached']);

    function enumValue(value, allowed, what) {
        const s = String(value);
        if (!allowed.has(s)) throw new TypeError(`Request: invalid ${what} '${s}'`);
        return s;
    }

    let requestHeaders;
    let fromWire = false; // set while requestFromWire builds the host's request (no checks, no URL parse)
    class Request extends Body {
        [REQUEST] = {
            method: 'GET', url: undefined, headers: undefined, mode: 'cors', redirect: 'follow', signal: null, cf: undefined,
            referrer: 'about:client', referrerPolicy: '', credentials: 'same-origin', cache: 'default',
        };
        constructor(input, init = {}) {
            super();
            if (fromWire) {
                // The host's request: its URL is already a parsed and serialized URL (EdgeRequest); the
                // method, headers and body are set by requestFromWire.
                this[REQUEST].url = input;
                return;
            }
            if (arguments.length === 0) throw new TypeError("Request constructor: 1 argument required");
            init = init === null || init === undefined ? {} : init;
            if (input instanceof Request) {
                this[REQUEST].url = input[REQUEST].url;
                this[REQUEST].method = input[REQUEST].method;
                this[REQUEST].headers = internal.copyHeaders(input[REQUEST].headers, 'request');
                this[REQUEST].mode = input[REQUEST].mode;
                this[REQUEST].redirect = input[REQUEST].redirect;
                // null while nobody asked for it: a signal of the request's own never aborts, so neither does the copy's
                this[REQUEST].signal = input[REQUEST].signal;
                this[REQUEST].cf = input[REQUEST].cf;
                this[REQUEST].referrer = input[REQUEST].referrer;
                this[REQUEST].referrerPolicy = input[REQUEST].referrerPolicy;
                this[REQUEST].credentials = input[REQUEST].credentials;
                this[REQUEST].cache = input[REQUEST].cache;
            } else {
                let parsed;
                try { parsed = new URL(String(input)); } catch (e) { throw new TypeError(`Invalid URL: ${String(input)}`); }
                if (parsed.username !== '' || parsed.password !== '') throw new TypeError(`Request URL must not include credentials: ${String(input)}`);
                this[REQUEST].url = parsed.href;
                this[REQUEST].headers = internal.newHeaders('request');
            }
            if (init.mode !== undefined) {
                const mode = `${init.mode}`;
                if (!MODES.has(mode)) throw new TypeError(`Invalid mode: '${mode}' (expected 'same-origin', 'no-cors' or 'cors')`);
                if (mode === 'navigate') throw new TypeError("Request mode 'navigate' cannot be constructed");
                this[REQUEST].mode = mode;
            }
            if (init.window !== undefined && init.window !== null) throw new TypeError('Request: init.window must be null');
            if (init.referrer !== undefined) {
                const referrer = String(init.referrer);
                if (referrer === '') this[REQUEST].referrer = '';
                else {
                    let parsed;
                    try { parsed = new URL(referrer); } catch (e) { throw new TypeError(`Request: invalid referrer '${referrer}'`); }
                    this[REQUEST].referrer = parsed.href === 'about:client' ? 'about:client' : parsed.href;
                }
            }
            if (init.referrerPolicy !== undefined) this[REQUEST].referrerPolicy = enumValue(init.referrerPolicy, REFERRER_POLICIES, 'referrerPolicy');
            if (init.credentials !== undefined) this[REQUEST].credentials = enumValue(init.credentials, CREDENTIALS, 'credentials');
            if (init.cache !== undefined) this[REQUEST].cache = enumValue(init.cache, CACHE_MODES, 'cache mode');
            if (this[REQUEST].cache === 'only-if-cached' && this[REQUEST].mode !== 'same-origin') {
                throw new TypeError("Request: cache mode 'only-if-cached' needs mode 'same-origin'");
            }
            if (init.method !== undefined) {
                let m = String(init.method);
                if (!TOKEN.test(m)) throw new TypeError(`Invalid method: '${m}'`);
                if (FORBIDDEN_METHODS.has(m.toUpperCase())) throw new TypeError(`Forbidden method: '${m}'`);
                if (NORMALIZED.has(m.toUpperCase())) m = m.toUpperCase();
                this[REQUEST].method = m;
            }
            if (this[REQUEST].mode === 'no-cors') {
                if (!CORS_SAFELISTED_METHODS.has(this[REQUEST].method)) throw new TypeError(`Request with mode 'no-cors' must use GET, HEAD or POST, got '${this[REQUEST].method}'`);
                internal.setHeadersGuard(this[REQUEST].headers, 'request-no-cors');
            }
            if (init.headers !== undefined) internal.refillHeaders(this[REQUEST].headers, init.headers);
            else if (this[REQUEST].mode === 'no-cors') internal.refillHeaders(this[REQUEST].headers, this[REQUEST].headers);
            if (init.redirect !== undefined) {
                if (!['follow', 'manual', 'error'].includes(init.redirect)) throw new TypeError(`Invalid redirect mode: '${init.redirect}'`);
                this[REQUEST].redirect = init.redirect;
            }
            if (init.signal !== undefined && init.signal !== null) {
                if (!(init.signal instanceof AbortSignal)) throw new TypeError('Request: signal must be an AbortSignal');
                this[REQUEST].signal = init.signal;
            }
            if (init.cf !== undefined) this[REQUEST].cf = init.cf;
            if (init.duplex !== undefined && String(init.duplex) !== 'half') throw new TypeError(`Request: invalid duplex '${String(init.duplex)}' (only 'half' is supported)`);
            const hasBody = init.body !== undefined && init.body !== null;
            const inputHasBody = input instanceof Request && internal.hasBody(input);
            if ((this[REQUEST].method === 'GET' || this[REQUEST].method === 'HEAD') && (hasBody || (inputHasBody && init.body === undefined))) {
                throw new TypeError('Request with GET/HEAD method cannot have a body');
            }
            if (init.body !== undefined) {
                const [kind, data, type] = extractBody(init.body);
                if (kind === 'stream' && init.duplex === undefined) throw new TypeError("Request: a ReadableStream body needs init.duplex = 'half'");
                setBody(this, kind, data);
                if (type !== null) internal.headersAppendIfAbsent(this[REQUEST].headers, 'content-type', type);
                if (inputHasBody) internal.disturbBody(input);
            } else if (input instanceof Request) {
                internal.takeBody(input, this);
            }
        }
        get method() { return this[REQUEST].method; }
        get url() { return this[REQUEST].url; }
        get headers() { return this[REQUEST].headers; }
        get redirect() { return this[REQUEST].redirect; }
        // Created on first use: most requests never look at theirs.
        get signal() { return this[REQUEST_SIGNAL](); }
        [REQUEST_SIGNAL]() { return this[REQUEST].signal === null ? (this[REQUEST].signal = internal.createSignal()) : this[REQUEST].signal; }
        get cf() { return this[REQUEST].cf; }
        get credentials() { return this[REQUEST].credentials; }
        get mode() { return this[REQUEST].mode; }
        get cache() { return this[REQUEST].cache; }
        get integrity() { return ''; }
        get keepalive() { return false; }
        get destination() { return ''; }
        get referrer() { return this[REQUEST].referrer; }
        get referrerPolicy() { return this[REQUEST].referrerPolicy; }
        get isReloadNavigation() { return false; }
        get isHistoryNavigation() { return false; }
        get duplex() { return 'half'; }
        clone() {
            if (internal.bodyUnusable(this)) throw new TypeError('Request.clone: the body has already been used');
            const copy = new Request(this[REQUEST].url, { method: this[REQUEST].method, headers: this[REQUEST].headers, mode: this[REQUEST].mode, redirect: this[REQUEST].redirect, signal: this[REQUEST_SIGNAL](), cf: this[REQUEST].cf });
            copy[REQUEST].referrer = this[REQUEST].referrer; copy[REQUEST].referrerPolicy = this[REQUEST].referrerPolicy;
            copy[REQUEST].credentials = this[REQUEST].credentials; copy[REQUEST].cache = this[REQUEST].cache;
            internal.cloneBody(this, copy);
            return copy;
        }
        static {
            requestHeaders = (o) => (REQUEST in o ? o[REQUEST].headers : null);
            // The request fetch(input, init) and a binding's fetch send: new Request(input, init), or input itself when
            // the copy would be input again as far as the wire goes (no init, a Request with no body, which would
            // move to the copy, and not no-cors, whose copy drops non-safelisted headers): no copy nobody else sees.
            internal.requestToSend = (input, init) => init === undefined && typeof input === 'object' && input !== null
                && REQUEST in input && input[BODY].kind === 'none' && input[REQUEST].mode !== 'no-cors'
                ? input : new Request(input, init);
            internal.requestFromWire = (method, url, headers, bin) => {
                let r;
                fromWire = true;
                try { r = new Request(url); } finally { fromWire = false; }
                r[REQUEST].method = method;
                r[REQUEST].headers = internal.headersFromWire(headers);
                if (bin !== null && bin.length > 0) setBody(r, 'bin', bin);
                return r;
            };
            // The request's wire array, or a promise of it while a stream body is read to its end.
            internal.requestToWire = (r) => {
                const body = internal.bodyToWire(r);
                const wire = (b) => [r[REQUEST].method, r[REQUEST].url, internal.headersToWire(r[REQUEST].headers), b[0], b[1], r[REQUEST].redirect];
                return Array.isArray(body) ? wire(body) : then(body, wire);
            };
        }
    }
    Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request' });

    const NULL_BODY = new Set([101, 103, 204, 205, 304]);
    const REDIRECTS = new Set([301, 302, 303, 307, 308]);

    let responseHeaders;
    class Response extends Body {
        [RESPONSE] = { status: 200, statusText: '', headers: undefined, type: 'default', url: '', redirected: false, webSocket: null };
        constructor(body = null, init = {}) {
            super();
            init = init === null || init === undefined ? {} : init;
            const status = init.status === undefined ? 200 : Number(init.status);
            if (!Number.isInteger(status) || status < 200 || status > 599) {
                if (!(status === 101 && init.webSocket)) throw new RangeError(`Response status must be in the range 200 to 599, got ${init.status}`);
            }
            const statusText = init.statusText === undefined ? '' : String(init.statusText);
            if (statusText !== '' && !REASON_PHRASE.test(statusText)) throw new TypeError(`Response statusText is not a valid reason phrase: '${statusText}'`);
            this[RESPONSE].status = status;
            this[RESPONSE].statusText = statusText;
            this[RESPONSE].headers = internal.newHeaders('response', init.headers);
            if (body !== null && body !== undefined) {
                if (NULL_BODY.has(status)) throw new TypeError(`Response with null body status ${status} cannot have a body`);
                const [kind, data, type] = extractBody(body);
                setBody(this, kind, data);
                if (type !== null) internal.headersAppendIfAbsent(this[RESPONSE].headers, 'content-type', type);
            }
        }
        // Fetch "initialize a response" with init, then the JSON text as body and application/json as its
        // type (unless init's headers name one): one Response and one header list, nothing copied.
        static json(data, init = {}) {
            const text = jsonStringify(data);
            if (text === undefined) throw new TypeError('Response.json: data is not JSON-serialisable');
            const r = new Response(null, init);
            if (NULL_BODY.has(r[RESPONSE].status)) throw new TypeError(`Response with null body status ${r[RESPONSE].status} cannot have a body`);
            setBody(r, 'text', text);
            internal.headersAppendIfAbsent(r[RESPONSE].headers, 'content-type', 'application/json');
            return r;
        }
        static redirect(url, status = 302) {
            const href = new URL(String(url)).href;
            if (!REDIRECTS.has(status)) throw new RangeError(`Invalid redirect status: ${status}`);
            const r = new Response(null, { status, headers: { location: href } });
            internal.setHeadersGuard(r[RESPONSE].headers, 'immutable');
            return r;
        }
        static error() {
            const r = new Response(null, { status: 200 });
            r[RESPONSE].status = 0;
            r[RESPONSE].type = 'error';
            internal.setHeadersGuard(r[RESPONSE].headers, 'immutable');
            return r;
        }
        get status() { return this[RESPONSE].status; }
        get statusText() { return this[RESPONSE].statusText; }
        get ok() { return this[RESPONSE].status >= 200 && this[RESPONSE].status <= 299; }
        get headers() { return this[RESPONSE].headers; }
        get type() { return this[RESPONSE].type; }
        get url() { return this[RESPONSE].url; }
        get redirected() { return this[RESPONSE].redirected; }
        get webSocket() { return this[RESPONSE].webSocket; }
        clone() {
            if (internal.bodyUnusable(this)) throw new TypeError('Response.clone: the body has already been used');
            const copy = new Response(null, { status: this[RESPONSE].status === 0 ? 200 : this[RESPONSE].status, statusText: this[RESPONSE].statusText, headers: this[RESPONSE].headers });
            internal.setHeadersGuard(copy[RESPONSE].headers, internal.headersGuard(this[RESPONSE].headers));
            copy[RESPONSE].status = this[RESPONSE].status; copy[RESPONSE].type = this[RESPONSE].type; copy[RESPONSE].url = this[RESPONSE].url; copy[RESPONSE].redirected = this[RESPONSE].redirected;
            internal.cloneBody(this, copy);
            return copy;
        }
        static {
            responseHeaders = (o) => o[RESPONSE].headers;
            internal.responseFromWire = (wire) => {
                const r = new Response(null);
                r[RESPONSE].status = wire[0];
                r[RESPONSE].statusText = String(wire[1]);
                r[RESPONSE].headers = internal.headersFromWire(wire[2], 'immutable');
                if (wire[3] !== null && wire[3].length > 0) setBody(r, 'bin', wire[3]);
                r[RESPONSE].url = wire.length > 4 && wire[4] !== null ? String(wire[4]) : '';
                r[RESPONSE].redirected = wire.length > 5 ? !!wire[5] : false;
                if (wire.length > 6 && wire[6] !== null) setBody(r, 'up', wire[6]);
                r[RESPONSE].type = 'basic';
                return r;
            };
            // The response's wire array, or a promise of it while a stream body is read to its end (a stream
            // error rejects it, which the host turns into the usual 500).
            // With `streaming` (the host writes to a client), a ReadableStream body is not read here: the wire
            // then carries ['s', reader] (see hostReader) and the host pulls the chunks as the client takes them.
            internal.responseToWire = (r, streaming) => {
                if (r[RESPONSE].status === 0) throw new TypeError('Response.error() cannot be returned from a fetch handler');
                if (streaming === true) {
                    const upstream = internal.upstreamForHost(r);
                    if (upstream !== null) return [r[RESPONSE].status, r[RESPONSE].statusText, internal.headersToWire(r[RESPONSE].headers), 'u', upstream];
                    const stream = internal.bodyStreamForHost(r);
                    if (stream !== null) {
                        return [r[RESPONSE].status, r[RESPONSE].statusText, internal.headersToWire(r[RESPONSE].headers), 's', hostReader(stream)];
                    }
                }
                const body = internal.bodyToWire(r);
                const wire = (b) => [r[RESPONSE].status, r[RESPONSE].statusText, internal.headersToWire(r[RESPONSE].headers), b[0], b[1]];
                // A promise is resolved with a null-prototype box, never with the array itself: resolving with
                // an array would consult a `then` that tenant code may have put on Array.prototype.
                return isArray(body) ? wire(body) : then(body, (b) => ({ __proto__: null, wire: wire(b) }));
            };
            // A brand check that no tenant-defined Symbol.hasInstance can fool.
            internal.isResponse = (r) => typeof r === 'object' && r !== null && RESPONSE in r;
        }
    }
    Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response' });
    headersOf = (o) => requestHeaders(o) || responseHeaders(o);

    // Sends a request through a host channel (global fetch or a service binding) and settles with a Response.
    // A stream body is read to its end first (the host takes whole bodies).
    internal.send = (channel, request) => {
        // null when the request has no signal yet: one created now could never abort (nothing holds its controller)
        const signal = request[REQUEST].signal;
        if (signal !== null && signal.aborted) return promiseReject(signal.reason);
        let wire;
        try { wire = internal.requestToWire(request); } catch (e) { return promiseReject(e); }
        if (Array.isArray(wire)) return sendWire(channel, signal, wire);
        return then(wire, (w) => sendWire(channel, signal, w));
    };

    function sendWire(channel, signal, wire) {
        return new Promise((resolve, reject) => {
            if (signal !== null && signal.aborted) { reject(signal.reason); return; }
            let settled = false;
            const onAbort = () => { if (!settled) { settled = true; reject(signal.reason); } };
            if (signal !== null) signal.addEventListener('abort', onAbort, { once: true });
            channel(wire,
                (response) => {
                    if (settled) {
                        // aborted meanwhile: a streamed body nobody will read is closed now
                        if (response.length > 6 && response[6] !== null) host.fetchCancel(response[6], 'the fetch was aborted');
                        return;
                    }
                    settled = true;
                    if (signal !== null) signal.removeEventListener('abort', onAbort);
                    resolve(internal.responseFromWire(response));
                },
                (kind, message) => {
                    if (settled) return;
                    settled = true;
                    if (signal !== null) signal.removeEventListener('abort', onAbort);
                    reject(internal.makeError(kind, message));
                });
        });
    }

    internal.makeError = (kind, message) => {
        if (kind === 'TypeError') return new TypeError(message);
        if (kind === 'RangeError') return new RangeError(message);
        const e = new Error(message);
        if (kind !== 'Error') e.name = kind;
        return e;
    };

    async function fetch(input, init = undefined) {
        const request = internal.requestToSend(input, init);
        return internal.send((wire, ok, fail) => host.fetch(wire, ok, fail), request);
    }

    Object.assign(g, { Request, Response, fetch });
    for (const name of ['Request', 'Response']) Object.defineProperty(g, name, { enumerable: false });
})
