// URL Standard: URL (parsing on the host, see UrlParser.java) and URLSearchParams
// (application/x-www-form-urlencoded parsing and serialisation, in JavaScript).
(function (host, internal) {
    'use strict';
    const g = globalThis;

    function formEncode(s) {
        return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    }
    function formDecode(s) {
        const plus = s.replace(/\+/g, ' ');
        try { return decodeURIComponent(plus); } catch (e) {
            return plus.replace(/(%[0-9a-fA-F]{2})+/g, m => { try { return decodeURIComponent(m); } catch (x) { return m; } });
        }
    }

    let attachURL;
    class URLSearchParams {
        #list = [];
        #url = null;
        constructor(init = '') {
            if (init instanceof URLSearchParams) {
                this.#list = init.#list.map(p => [p[0], p[1]]);
            } else if (typeof init === 'object' && init !== null) {
                if (typeof init[Symbol.iterator] === 'function') {
                    for (const pair of init) {
                        const arr = Array.from(pair);
                        if (arr.length !== 2) throw new TypeError('URLSearchParams: each pair must have exactly two items');
                        this.#list.push([String(arr[0]), String(arr[1])]);
                    }
                } else {
                    for (const key of Object.keys(init)) this.#list.push([key, String(init[key])]);
                }
            } else {
                this.#parse(String(init));
            }
        }
        #parse(s) {
            if (s.startsWith('?')) s = s.slice(1);
            this.#list = [];
            for (const part of s.split('&')) {
                if (part === '') continue;
                const eq = part.indexOf('=');
                const name = eq < 0 ? part : part.slice(0, eq);
                const value = eq < 0 ? '' : part.slice(eq + 1);
                this.#list.push([formDecode(name), formDecode(value)]);
            }
        }
        #update() { if (this.#url) internal.setSearchFromParams(this.#url, this.toString()); }
        get size() { return this.#list.length; }
        append(name, value) { this.#list.push([String(name), String(value)]); this.#update(); }
        delete(name, value) {
            name = String(name);
            this.#list = this.#list.filter(p => !(p[0] === name && (value === undefined || p[1] === String(value))));
            this.#update();
        }
        get(name) { name = String(name); const p = this.#list.find(x => x[0] === name); return p ? p[1] : null; }
        getAll(name) { name = String(name); return this.#list.filter(x => x[0] === name).map(x => x[1]); }
        has(name, value) { name = String(name); return this.#list.some(x => x[0] === name && (value === undefined || x[1] === String(value))); }
        set(name, value) {
            name = String(name); value = String(value);
            const i = this.#list.findIndex(x => x[0] === name);
            if (i < 0) this.#list.push([name, value]);
            else { this.#list[i][1] = value; this.#list = this.#list.filter((x, j) => j <= i || x[0] !== name); }
            this.#update();
        }
        sort() {
            this.#list = this.#list.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(x => x[0]);
            this.#update();
        }
        forEach(callback, thisArg) { for (const [k, v] of this.#list.slice()) callback.call(thisArg, v, k, this); }
        *entries() { for (const [k, v] of this.#list) yield [k, v]; }
        *keys() { for (const [k] of this.#list) yield k; }
        *values() { for (const [, v] of this.#list) yield v; }
        [Symbol.iterator]() { return this.entries(); }
        toString() { return this.#list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
        static {
            attachURL = (params, url, query) => { params.#url = url; params.#parse(query); };
        }
    }
    Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams' });

    const PARTS = ['href', 'protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'];
    function parse(input, base) {
        const r = host.urlParse(input, base === undefined ? null : base);
        if (r === null) return null;
        const parts = {};
        for (let i = 0; i < PARTS.length; i++) parts[PARTS[i]] = r[i];
        return parts;
    }

    class URL {
        #parts;
        #params;
        constructor(url, base = undefined) {
            if (arguments.length === 0) throw new TypeError("URL constructor: 1 argument required");
            const parts = parse(String(url), base === undefined ? undefined : String(base));
            if (parts === null) throw new TypeError(`Invalid URL: ${String(url)}`);
            this.#parts = parts;
            this.#params = new URLSearchParams();
            attachURL(this.#params, this, parts.search);
        }
        static canParse(url, base = undefined) {
            return parse(String(url), base === undefined ? undefined : String(base)) !== null;
        }
        static parse(url, base = undefined) {
            try { return new URL(url, base); } catch (e) { return null; }
        }
        #reparse(href) {
            const parts = parse(href);
            if (parts !== null) {
                this.#parts = parts;
                attachURL(this.#params, this, parts.search);
            }
        }
        #rebuild(change) {
            const p = Object.assign({}, this.#parts, change);
            const auth = p.username || p.password ? p.username + (p.password ? ':' + p.password : '') + '@' : '';
            const hostPart = p.hostname + (p.port ? ':' + p.port : '');
            const slashes = p.hostname !== '' || /^(https?|wss?|ftp|file):$/.test(p.protocol) ? '//' : '';
            this.#reparse(p.protocol + slashes + auth + hostPart + p.pathname + p.search + p.hash);
        }
        get href() { return this.#parts.href; }
        set href(v) {
            const parts = parse(String(v));
            if (parts === null) throw new TypeError(`Invalid URL: ${String(v)}`);
            this.#parts = parts;
            attachURL(this.#params, this, parts.search);
        }
        get origin() {
            const p = this.#parts;
            return /^(https?|wss?|ftp):$/.test(p.protocol) ? p.protocol + '//' + this.host : 'null';
        }
        get protocol() { return this.#parts.protocol; }
        set protocol(v) { v = String(v).replace(/:.*$/, ''); this.#rebuild({ protocol: v + ':' }); }
        get username() { return this.#parts.username; }
        set username(v) { this.#rebuild({ username: encodeURIComponent(String(v)) }); }
        get password() { return this.#parts.password; }
        set password(v) { this.#rebuild({ password: encodeURIComponent(String(v)) }); }
        get host() { return this.#parts.hostname + (this.#parts.port ? ':' + this.#parts.port : ''); }
        set host(v) {
            const m = /^([^:/?#]*)(?::(\d*))?/.exec(String(v));
            this.#rebuild({ hostname: m[1], port: m[2] === undefined ? this.#parts.port : m[2] });
        }
        get hostname() { return this.#parts.hostname; }
        set hostname(v) { this.#rebuild({ hostname: String(v).replace(/[:/?#].*$/, '') }); }
        get port() { return this.#parts.port; }
        set port(v) { const m = /^\d*/.exec(String(v))[0]; this.#rebuild({ port: m }); }
        get pathname() { return this.#parts.pathname; }
        set pathname(v) { v = String(v); this.#rebuild({ pathname: v.startsWith('/') ? v : '/' + v }); }
        get search() { return this.#parts.search; }
        set search(v) { v = String(v); this.#rebuild({ search: v === '' || v === '?' ? '' : (v.startsWith('?') ? v : '?' + v) }); }
        get searchParams() { return this.#params; }
        get hash() { return this.#parts.hash; }
        set hash(v) { v = String(v); this.#rebuild({ hash: v === '' || v === '#' ? '' : (v.startsWith('#') ? v : '#' + v) }); }
        toString() { return this.#parts.href; }
        toJSON() { return this.#parts.href; }
        static {
            internal.setSearchFromParams = (url, query) => url.#rebuild({ search: query === '' ? '' : '?' + query });
        }
    }
    Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL' });

    Object.assign(g, { URL, URLSearchParams });
    Object.defineProperty(g, 'URL', { enumerable: false });
    Object.defineProperty(g, 'URLSearchParams', { enumerable: false });
})
