// Fetch Standard: Request, Response and fetch() (Headers is in headers.js). Bodies are held whole (no streaming yet):
// as a JS string, a "binary string" (one char per byte, how bytes cross from the host) or a Uint8Array.
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    const Headers = g.Headers;

    // A one-chunk readable body so that `request.body` is truthy and readable; full streams come later.
    class BodyStream {
        #take; #disturbed = false;
        constructor(take) { this.#take = take; }
        // The body's bytes, once: reading a stream consumes the body it came from.
        #takeOnce() {
            if (this.#disturbed) throw new TypeError('a body stream can only be read once');
            this.#disturbed = true;
            return this.#take();
        }
        getReader() {
            let done = false;
            return {
                read: async () => {
                    if (done) return { done: true, value: undefined };
                    done = true;
                    return { done: false, value: this.#takeOnce() };
                },
                releaseLock() {},
                cancel: async () => { done = true; },
            };
        }
        async *[Symbol.asyncIterator]() {
            const reader = this.getReader();
            for (;;) {
                const r = await reader.read();
                if (r.done) return;
                yield r.value;
            }
        }
        static {
            // new Response(other.body): the new body takes the bytes of the one the stream reads
            internal.streamBytes = (stream) => stream.#takeOnce();
        }
    }

    function extractBody(body) {
        if (body === null || body === undefined) return ['none', null, null];
        if (typeof body === 'string') return ['text', body, 'text/plain;charset=UTF-8'];
        if (body instanceof ArrayBuffer) return ['bytes', new Uint8Array(body.slice(0)), null];
        if (ArrayBuffer.isView(body)) return ['bytes', new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
        if (body instanceof URLSearchParams) return ['text', body.toString(), 'application/x-www-form-urlencoded;charset=UTF-8'];
        if (internal.isBlob(body)) {
            const type = internal.blobType(body);
            return ['bytes', internal.blobBytes(body), type === '' ? null : type];
        }
        if (internal.isFormData(body)) {
            const encoded = internal.formDataEncode(body);
            return ['bytes', encoded.bytes, encoded.contentType];
        }
        if (body instanceof BodyStream) return ['bytes', internal.streamBytes(body), null];
        return ['text', String(body), 'text/plain;charset=UTF-8'];
    }

    let bodyOf, setBody;
    class Body {
        #kind = 'none'; #data = null; #used = false;
        get bodyUsed() { return this.#used; }
        get body() {
            if (this.#kind === 'none') return null;
            return new BodyStream(() => this.#consumeBytes());
        }
        #consume() {
            if (this.#used) throw new TypeError('Body has already been used');
            if (this.#kind !== 'none') this.#used = true;
            const kind = this.#kind, data = this.#data;
            return [kind, data];
        }
        #consumeBytes() {
            const [kind, data] = this.#consume();
            if (kind === 'none') return new Uint8Array(0);
            if (kind === 'text') return internal.utf8Encode(data);
            if (kind === 'bin') return internal.binaryToBytes(data);
            return data.slice();
        }
        async text() {
            const [kind, data] = this.#consume();
            if (kind === 'none') return '';
            if (kind === 'text') return data;
            if (kind === 'bin') return host.decodeUtf8(data);
            return internal.utf8Decode(data, false);
        }
        async json() { return JSON.parse(await this.text()); }
        async arrayBuffer() { return this.#consumeBytes().buffer; }
        async bytes() { return this.#consumeBytes(); }
        // The MIME type comes from the Content-Type header (Fetch: extract a MIME type), read when the body is.
        async formData() {
            const contentType = contentTypeOf(this);
            return internal.formDataDecode(this.#consumeBytes(), contentType);
        }
        async blob() {
            const mimeType = internal.extractMimeType(contentTypeOf(this));
            return internal.blobFromBytes(this.#consumeBytes(), mimeType === null ? '' : internal.serializeMimeType(mimeType));
        }
        static {
            bodyOf = (o) => [o.#kind, o.#data, o.#used];
            setBody = (o, kind, data) => { o.#kind = kind; o.#data = data; o.#used = false; };
            // [kind, data] for the host: 't' + JS string or 'b' + binary string; marks the body used.
            internal.bodyToWire = (o) => {
                if (o.#used) throw new TypeError('Body has already been used');
                if (o.#kind === 'none') return ['b', ''];
                o.#used = true;
                if (o.#kind === 'text') return ['t', o.#data];
                if (o.#kind === 'bin') return ['b', o.#data];
                return ['b', internal.bytesToBinary(o.#data)];
            };
            internal.takeBody = (from, to) => {
                if (from.#kind !== 'none') {
                    if (from.#used) throw new TypeError('Body has already been used');
                    from.#used = true;
                }
                to.#kind = from.#kind; to.#data = from.#data;
            };
            internal.copyBody = (from, to) => {
                if (from.#used) throw new TypeError('Body has already been used');
                to.#kind = from.#kind;
                to.#data = from.#kind === 'bytes' ? from.#data.slice() : from.#data;
            };
        }
    }

    // The combined Content-Type value of a Request's or Response's own header list (null when absent).
    let headersOfRequest, headersOfResponse;
    function contentTypeOf(o) {
        const wire = internal.headersToWire(headersOfRequest(o) || headersOfResponse(o));
        const values = [];
        for (let i = 0; i + 1 < wire.length; i += 2) if (wire[i] === 'content-type') values.push(wire[i + 1]);
        return values.length === 0 ? null : values.join(', ');
    }

    const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
    // RequestMode. There is no origin in a server runtime, so a mode changes no fetch; 'no-cors' limits the
    // methods and guards the headers (CORS-safelisted request-headers only), as the Fetch Standard says.
    const MODES = new Set(['same-origin', 'no-cors', 'cors', 'navigate']);
    const CORS_SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
    const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']);

    class Request extends Body {
        #method = 'GET'; #url; #headers; #mode = 'cors'; #redirect = 'follow'; #signal; #cf;
        constructor(input, init = {}) {
            super();
            if (arguments.length === 0) throw new TypeError("Request constructor: 1 argument required");
            init = init === null || init === undefined ? {} : init;
            if (input instanceof Request) {
                this.#url = input.#url;
                this.#method = input.#method;
                this.#headers = internal.copyHeaders(input.#headers, 'request');
                this.#mode = input.#mode;
                this.#redirect = input.#redirect;
                this.#signal = input.#signal;
                this.#cf = input.#cf;
            } else {
                let parsed;
                try { parsed = new URL(String(input)); } catch (e) { throw new TypeError(`Invalid URL: ${String(input)}`); }
                this.#url = parsed.href;
                this.#headers = internal.newHeaders('request');
            }
            if (init.mode !== undefined) {
                const mode = `${init.mode}`;
                if (!MODES.has(mode)) throw new TypeError(`Invalid mode: '${mode}' (expected 'same-origin', 'no-cors' or 'cors')`);
                if (mode === 'navigate') throw new TypeError("Request mode 'navigate' cannot be constructed");
                this.#mode = mode;
            }
            if (init.method !== undefined) {
                let m = String(init.method);
                if (!TOKEN.test(m)) throw new TypeError(`Invalid method: '${m}'`);
                if (FORBIDDEN_METHODS.has(m.toUpperCase())) throw new TypeError(`Forbidden method: '${m}'`);
                if (NORMALIZED.has(m.toUpperCase())) m = m.toUpperCase();
                this.#method = m;
            }
            if (this.#mode === 'no-cors') {
                if (!CORS_SAFELISTED_METHODS.has(this.#method)) throw new TypeError(`Request with mode 'no-cors' must use GET, HEAD or POST, got '${this.#method}'`);
                internal.setHeadersGuard(this.#headers, 'request-no-cors');
            }
            if (init.headers !== undefined) internal.refillHeaders(this.#headers, init.headers);
            else if (this.#mode === 'no-cors') internal.refillHeaders(this.#headers, this.#headers);
            if (init.redirect !== undefined) {
                if (!['follow', 'manual', 'error'].includes(init.redirect)) throw new TypeError(`Invalid redirect mode: '${init.redirect}'`);
                this.#redirect = init.redirect;
            }
            if (init.signal !== undefined && init.signal !== null) {
                if (!(init.signal instanceof AbortSignal)) throw new TypeError('Request: signal must be an AbortSignal');
                this.#signal = init.signal;
            }
            if (!this.#signal) this.#signal = internal.createSignal();
            if (init.cf !== undefined) this.#cf = init.cf;
            const hasBody = init.body !== undefined && init.body !== null;
            if ((this.#method === 'GET' || this.#method === 'HEAD') && (hasBody || (input instanceof Request && bodyOf(input)[0] !== 'none' && init.body === undefined))) {
                throw new TypeError('Request with GET/HEAD method cannot have a body');
            }
            if (init.body !== undefined) {
                const [kind, data, type] = extractBody(init.body);
                setBody(this, kind, data);
                if (type !== null) internal.headersAppendIfAbsent(this.#headers, 'content-type', type);
            } else if (input instanceof Request) {
                internal.takeBody(input, this);
            }
        }
        get method() { return this.#method; }
        get url() { return this.#url; }
        get headers() { return this.#headers; }
        get redirect() { return this.#redirect; }
        get signal() { return this.#signal; }
        get cf() { return this.#cf; }
        get credentials() { return 'same-origin'; }
        get mode() { return this.#mode; }
        get cache() { return 'default'; }
        get integrity() { return ''; }
        get keepalive() { return false; }
        clone() {
            const copy = new Request(this.#url, { method: this.#method, headers: this.#headers, mode: this.#mode, redirect: this.#redirect, signal: this.#signal, cf: this.#cf });
            internal.copyBody(this, copy);
            return copy;
        }
        static {
            headersOfRequest = (o) => #headers in o ? o.#headers : null;
            internal.requestFromWire = (method, url, headers, bin) => {
                const r = new Request(url);
                r.#method = method;
                r.#headers = internal.headersFromWire(headers);
                if (bin !== null && bin.length > 0) setBody(r, 'bin', bin);
                return r;
            };
            internal.requestToWire = (r) => {
                const body = internal.bodyToWire(r);
                return [r.#method, r.#url, internal.headersToWire(r.#headers), body[0], body[1], r.#redirect];
            };
        }
    }
    Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request' });

    const NULL_BODY = new Set([101, 103, 204, 205, 304]);
    const REDIRECTS = new Set([301, 302, 303, 307, 308]);

    class Response extends Body {
        #status = 200; #statusText = ''; #headers; #type = 'default'; #url = ''; #redirected = false; #webSocket = null;
        constructor(body = null, init = {}) {
            super();
            init = init === null || init === undefined ? {} : init;
            const status = init.status === undefined ? 200 : Number(init.status);
            if (!Number.isInteger(status) || status < 200 || status > 599) {
                if (!(status === 101 && init.webSocket)) throw new RangeError(`Response status must be in the range 200 to 599, got ${init.status}`);
            }
            this.#status = status;
            this.#statusText = init.statusText === undefined ? '' : String(init.statusText);
            this.#headers = internal.newHeaders('response', init.headers);
            if (body !== null && body !== undefined) {
                if (NULL_BODY.has(status)) throw new TypeError(`Response with null body status ${status} cannot have a body`);
                const [kind, data, type] = extractBody(body);
                setBody(this, kind, data);
                if (type !== null) internal.headersAppendIfAbsent(this.#headers, 'content-type', type);
            }
        }
        static json(data, init = {}) {
            const text = JSON.stringify(data);
            if (text === undefined) throw new TypeError('Response.json: data is not JSON-serialisable');
            const headers = new Headers(init && init.headers);
            internal.headersAppendIfAbsent(headers, 'content-type', 'application/json');
            return new Response(text, Object.assign({}, init, { headers }));
        }
        static redirect(url, status = 302) {
            const href = new URL(String(url)).href;
            if (!REDIRECTS.has(status)) throw new RangeError(`Invalid redirect status: ${status}`);
            const r = new Response(null, { status, headers: { location: href } });
            internal.setHeadersGuard(r.#headers, 'immutable');
            return r;
        }
        static error() {
            const r = new Response(null, { status: 200 });
            r.#status = 0;
            r.#type = 'error';
            internal.setHeadersGuard(r.#headers, 'immutable');
            return r;
        }
        get status() { return this.#status; }
        get statusText() { return this.#statusText; }
        get ok() { return this.#status >= 200 && this.#status <= 299; }
        get headers() { return this.#headers; }
        get type() { return this.#type; }
        get url() { return this.#url; }
        get redirected() { return this.#redirected; }
        get webSocket() { return this.#webSocket; }
        clone() {
            const copy = new Response(null, { status: this.#status === 0 ? 200 : this.#status, statusText: this.#statusText, headers: this.#headers });
            internal.setHeadersGuard(copy.#headers, internal.headersGuard(this.#headers));
            copy.#status = this.#status; copy.#type = this.#type; copy.#url = this.#url; copy.#redirected = this.#redirected;
            internal.copyBody(this, copy);
            return copy;
        }
        static {
            headersOfResponse = (o) => #headers in o ? o.#headers : null;
            internal.responseFromWire = (wire) => {
                const r = new Response(null);
                r.#status = wire[0];
                r.#statusText = String(wire[1]);
                r.#headers = internal.headersFromWire(wire[2], 'immutable');
                if (wire[3] !== null && wire[3].length > 0) setBody(r, 'bin', wire[3]);
                r.#url = wire.length > 4 && wire[4] !== null ? String(wire[4]) : '';
                r.#redirected = wire.length > 5 ? !!wire[5] : false;
                r.#type = 'basic';
                return r;
            };
            internal.responseToWire = (r) => {
                if (r.#status === 0) throw new TypeError('Response.error() cannot be returned from a fetch handler');
                const body = internal.bodyToWire(r);
                return [r.#status, r.#statusText, internal.headersToWire(r.#headers), body[0], body[1]];
            };
        }
    }
    Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response' });

    // Sends a request through a host channel (global fetch or a service binding) and settles with a Response.
    internal.send = (channel, request) => new Promise((resolve, reject) => {
        const signal = request.signal;
        if (signal.aborted) { reject(signal.reason); return; }
        const wire = internal.requestToWire(request);
        let settled = false;
        const onAbort = () => { if (!settled) { settled = true; reject(signal.reason); } };
        signal.addEventListener('abort', onAbort, { once: true });
        channel(wire,
            (response) => {
                if (settled) return;
                settled = true;
                signal.removeEventListener('abort', onAbort);
                resolve(internal.responseFromWire(response));
            },
            (kind, message) => {
                if (settled) return;
                settled = true;
                signal.removeEventListener('abort', onAbort);
                reject(internal.makeError(kind, message));
            });
    });

    internal.makeError = (kind, message) => {
        if (kind === 'TypeError') return new TypeError(message);
        if (kind === 'RangeError') return new RangeError(message);
        const e = new Error(message);
        if (kind !== 'Error') e.name = kind;
        return e;
    };

    async function fetch(input, init = undefined) {
        const request = new Request(input, init);
        return internal.send((wire, ok, fail) => host.fetch(wire, ok, fail), request);
    }

    Object.assign(g, { Request, Response, fetch });
    for (const name of ['Request', 'Response']) Object.defineProperty(g, name, { enumerable: false });
})
