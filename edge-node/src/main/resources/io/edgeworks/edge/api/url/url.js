// URL Standard: URL (parsing on the host, see WhatwgUrl.java) and URLSearchParams
// (application/x-www-form-urlencoded parsing and serialisation, in JavaScript).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    // Internal state and methods are keyed by registry symbols, not private names: see the top of headers.js.
    const symbolFor = Symbol.for;
    const SEARCH_PARAMS = symbolFor('edgeworks:search.params'),
        URL_STATE = symbolFor('edgeworks:url.state'),
        PARAMS_PARSE = symbolFor('edgeworks:params.parse'),
        PARAMS_UPDATE = symbolFor('edgeworks:params.update'),
        URL_SET = symbolFor('edgeworks:url.set');
    const g = globalThis;

    const usv = (v) => String(v).toWellFormed();
    // application/x-www-form-urlencoded serialiser and parser (UTF-8, per the URL Standard).
    const FORM_SAFE = /[A-Za-z0-9*\-._]/;
    function formEncode(s) {
        const bytes = internal.utf8Encode(s);
        let out = '';
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === 0x20) out += '+';
            else if (b < 0x80 && FORM_SAFE.test(String.fromCharCode(b))) out += String.fromCharCode(b);
            else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
        }
        return out;
    }
    const hexValue = (b) => (b >= 0x30 && b <= 0x39) ? b - 0x30 : (b >= 0x41 && b <= 0x46) ? b - 0x37 : (b >= 0x61 && b <= 0x66) ? b - 0x57 : -1;
    const FORM_ESCAPES = /[+%]/;
    function formDecode(s) {
        if (!FORM_ESCAPES.test(s)) return s; // nothing to decode (s is already a well-formed string)
        const bytes = internal.utf8Encode(s);
        const out = new Uint8Array(bytes.length);
        let n = 0;
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === 0x2b) out[n++] = 0x20;
            else if (b === 0x25 && i + 2 < bytes.length && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
                out[n++] = hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]);
                i += 2;
            } else out[n++] = b;
        }
        return internal.utf8Decode(out.subarray(0, n), false);
    }

    let attachURL;
    class URLSearchParams {
        // One state slot holding a plain object, keyed by a registry symbol (see the top of this file).
        [SEARCH_PARAMS] = { list: [], url: null };
        constructor(init = '') {
            if ((typeof init === 'object' || typeof init === 'function') && init !== null) {
                // WebIDL union: an object with an @@iterator method is a sequence (iterated with that method,
                // so a URLSearchParams with its own [Symbol.iterator] uses it), any other object a record.
                const method = init[Symbol.iterator];
                if (method !== undefined && method !== null) {
                    if (typeof method !== 'function') throw new TypeError('URLSearchParams: init[Symbol.iterator] is not a function');
                    const iterator = method.call(init);
                    if (iterator === null || typeof iterator !== 'object') throw new TypeError('URLSearchParams: the iterator is not an object');
                    const next = iterator.next;
                    for (let step = next.call(iterator); !step.done; step = next.call(iterator)) {
                        const pair = step.value;
                        if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function')) {
                            throw new TypeError('URLSearchParams: each pair must be a sequence');
                        }
                        const arr = Array.from(pair);
                        if (arr.length !== 2) throw new TypeError('URLSearchParams: each pair must have exactly two items');
                        this[SEARCH_PARAMS].list.push([usv(arr[0]), usv(arr[1])]);
                    }
                } else {
                    for (const key of Reflect.ownKeys(init)) {
                        const desc = Reflect.getOwnPropertyDescriptor(init, key);
                        if (desc !== undefined && desc.enumerable) {
                            if (typeof key === 'symbol') throw new TypeError('URLSearchParams: record keys must be strings');
                            const value = usv(init[key]);
                            const k = usv(key);
                            const existing = this[SEARCH_PARAMS].list.findIndex(p => p[0] === k);
                            if (existing >= 0) this[SEARCH_PARAMS].list[existing][1] = value; else this[SEARCH_PARAMS].list.push([k, value]);
                        }
                    }
                }
            } else {
                this[PARAMS_PARSE](usv(init));
            }
        }
        [PARAMS_PARSE](s) {
            if (s.startsWith('?')) s = s.slice(1);
            this[SEARCH_PARAMS].list = [];
            for (const part of s.split('&')) {
                if (part === '') continue;
                const eq = part.indexOf('=');
                const name = eq < 0 ? part : part.slice(0, eq);
                const value = eq < 0 ? '' : part.slice(eq + 1);
                this[SEARCH_PARAMS].list.push([formDecode(name), formDecode(value)]);
            }
        }
        [PARAMS_UPDATE]() { if (this[SEARCH_PARAMS].url) internal.setSearchFromParams(this[SEARCH_PARAMS].url, this.toString()); }
        get size() { return this[SEARCH_PARAMS].list.length; }
        append(name, value) { if (arguments.length < 2) throw new TypeError('URLSearchParams.append: 2 arguments required'); this[SEARCH_PARAMS].list.push([usv(name), usv(value)]); this[PARAMS_UPDATE](); }
        delete(name, value) {
            if (arguments.length < 1) throw new TypeError('URLSearchParams.delete: 1 argument required');
            name = usv(name);
            if (value !== undefined) value = usv(value);
            this[SEARCH_PARAMS].list = this[SEARCH_PARAMS].list.filter(p => !(p[0] === name && (value === undefined || p[1] === value)));
            this[PARAMS_UPDATE]();
        }
        get(name) { if (arguments.length < 1) throw new TypeError('URLSearchParams.get: 1 argument required'); name = usv(name); const p = this[SEARCH_PARAMS].list.find(x => x[0] === name); return p ? p[1] : null; }
        getAll(name) { if (arguments.length < 1) throw new TypeError('URLSearchParams.getAll: 1 argument required'); name = usv(name); return this[SEARCH_PARAMS].list.filter(x => x[0] === name).map(x => x[1]); }
        has(name, value) { if (arguments.length < 1) throw new TypeError('URLSearchParams.has: 1 argument required'); name = usv(name); if (value !== undefined) value = usv(value); return this[SEARCH_PARAMS].list.some(x => x[0] === name && (value === undefined || x[1] === value)); }
        set(name, value) {
            if (arguments.length < 2) throw new TypeError('URLSearchParams.set: 2 arguments required');
            name = usv(name); value = usv(value);
            const i = this[SEARCH_PARAMS].list.findIndex(x => x[0] === name);
            if (i < 0) this[SEARCH_PARAMS].list.push([name, value]);
            else { this[SEARCH_PARAMS].list[i][1] = value; this[SEARCH_PARAMS].list = this[SEARCH_PARAMS].list.filter((x, j) => j <= i || x[0] !== name); }
            this[PARAMS_UPDATE]();
        }
        sort() {
            this[SEARCH_PARAMS].list = this[SEARCH_PARAMS].list.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(x => x[0]);
            this[PARAMS_UPDATE]();
        }
        forEach(callback, thisArg) { for (let i = 0; i < this[SEARCH_PARAMS].list.length; i++) callback.call(thisArg, this[SEARCH_PARAMS].list[i][1], this[SEARCH_PARAMS].list[i][0], this); }
        // Live iterators (as the standard's): an index into the current list, so changes during iteration show.
        *entries() { for (let i = 0; i < this[SEARCH_PARAMS].list.length; i++) yield [this[SEARCH_PARAMS].list[i][0], this[SEARCH_PARAMS].list[i][1]]; }
        *keys() { for (let i = 0; i < this[SEARCH_PARAMS].list.length; i++) yield this[SEARCH_PARAMS].list[i][0]; }
        *values() { for (let i = 0; i < this[SEARCH_PARAMS].list.length; i++) yield this[SEARCH_PARAMS].list[i][1]; }
        [Symbol.iterator]() { return this.entries(); }
        toString() { return this[SEARCH_PARAMS].list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
        static {
            attachURL = (params, url, query) => { params[SEARCH_PARAMS].url = url; params[PARAMS_PARSE](query); };
        }
    }
    Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams' });

    // Components from UrlParser/WhatwgUrl: [href, origin, protocol, username, password, host, hostname,
    // port, pathname, search, hash].
    const HREF = 0, ORIGIN = 1, PROTOCOL = 2, USERNAME = 3, PASSWORD = 4, HOST = 5, HOSTNAME = 6, PORT = 7,
        PATHNAME = 8, SEARCH = 9, HASH = 10;
    // The host joins the components with U+0000, which no component of a parsed URL contains.
    const stringSplit = Function.prototype.call.bind(String.prototype.split);
    const components = (joined) => (joined === null ? null : stringSplit(joined, '\0'));
    const parse = (input, base) => components(host.urlParse(input, base === undefined ? null : base));

    class URL {
        [URL_STATE] = { c: undefined, params: undefined };
        constructor(url, base = undefined) {
            if (arguments.length === 0) throw new TypeError("URL constructor: 1 argument required");
            const c = parse(usv(url), base === undefined ? undefined : usv(base));
            if (c === null) throw new TypeError(`Invalid URL: ${String(url)}`);
            this[URL_STATE].c = c;
            this[URL_STATE].params = null; // built on first use of searchParams (most URLs never need it)
        }
        static canParse(url, base = undefined) {
            if (arguments.length === 0) throw new TypeError("URL.canParse: 1 argument required");
            return parse(usv(url), base === undefined ? undefined : usv(base)) !== null;
        }
        static parse(url, base = undefined) {
            if (arguments.length === 0) throw new TypeError("URL.parse: 1 argument required");
            try { return new URL(url, base); } catch (e) { return null; }
        }
        [URL_SET](name, value, updateParams = true) {
            const r = components(host.urlSet(this[URL_STATE].c[HREF], name, usv(value)));
            if (r === null) throw new TypeError(`Invalid URL: ${String(value)}`);
            this[URL_STATE].c = r;
            if (updateParams && this[URL_STATE].params !== null) attachURL(this[URL_STATE].params, this, r[SEARCH]);
        }
        get href() { return this[URL_STATE].c[HREF]; }
        set href(v) { this[URL_SET]('href', v); }
        get origin() { return this[URL_STATE].c[ORIGIN]; }
        get protocol() { return this[URL_STATE].c[PROTOCOL]; }
        set protocol(v) { this[URL_SET]('protocol', v); }
        get username() { return this[URL_STATE].c[USERNAME]; }
        set username(v) { this[URL_SET]('username', v); }
        get password() { return this[URL_STATE].c[PASSWORD]; }
        set password(v) { this[URL_SET]('password', v); }
        get host() { return this[URL_STATE].c[HOST]; }
        set host(v) { this[URL_SET]('host', v); }
        get hostname() { return this[URL_STATE].c[HOSTNAME]; }
        set hostname(v) { this[URL_SET]('hostname', v); }
        get port() { return this[URL_STATE].c[PORT]; }
        set port(v) { this[URL_SET]('port', v); }
        get pathname() { return this[URL_STATE].c[PATHNAME]; }
        set pathname(v) { this[URL_SET]('pathname', v); }
        get search() { return this[URL_STATE].c[SEARCH]; }
        set search(v) { this[URL_SET]('search', v); }
        get searchParams() {
            if (this[URL_STATE].params === null) {
                this[URL_STATE].params = new URLSearchParams();
                attachURL(this[URL_STATE].params, this, this[URL_STATE].c[SEARCH]);
            }
            return this[URL_STATE].params;
        }
        get hash() { return this[URL_STATE].c[HASH]; }
        set hash(v) { this[URL_SET]('hash', v); }
        toString() { return this[URL_STATE].c[HREF]; }
        toJSON() { return this[URL_STATE].c[HREF]; }
        static {
            internal.setSearchFromParams = (url, query) => url[URL_SET]('search', query, false);
        }
    }
    Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL' });

    Object.assign(g, { URL, URLSearchParams });
    Object.defineProperty(g, 'URL', { enumerable: false });
    Object.defineProperty(g, 'URLSearchParams', { enumerable: false });
})
