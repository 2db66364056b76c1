// Fetch Standard: Headers (the header list, its normalisation and iteration). Request and Response in
// fetch.js build on the internal hooks defined here.
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

    function normName(name) {
        name = String(name);
        if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: '${name}'`);
        return name.toLowerCase();
    }
    function normValue(value) {
        value = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
        if (/[\0\r\n]/.test(value)) throw new TypeError(`Invalid header value: '${value}'`);
        return value;
    }

    class Headers {
        #map = new Map();
        constructor(init = undefined) {
            if (init === undefined || init === null) return;
            if (init instanceof Headers) {
                for (const [k, list] of init.#map) this.#map.set(k, list.slice());
            } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
                for (const pair of init) {
                    const arr = Array.from(pair);
                    if (arr.length !== 2) throw new TypeError('Headers: each header pair must have exactly two items');
                    this.append(arr[0], arr[1]);
                }
            } else if (typeof init === 'object') {
                for (const key of Object.keys(init)) this.append(key, init[key]);
            } else {
                throw new TypeError('Headers: init must be an object, an iterable of pairs or Headers');
            }
        }
        append(name, value) {
            name = normName(name); value = normValue(value);
            const list = this.#map.get(name);
            if (list) list.push(value); else this.#map.set(name, [value]);
        }
        delete(name) { this.#map.delete(normName(name)); }
        get(name) { const list = this.#map.get(normName(name)); return list ? list.join(', ') : null; }
        getSetCookie() { return (this.#map.get('set-cookie') || []).slice(); }
        getAll(name) { return (this.#map.get(normName(name)) || []).slice(); }
        has(name) { return this.#map.has(normName(name)); }
        set(name, value) { this.#map.set(normName(name), [normValue(value)]); }
        forEach(callback, thisArg) { for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this); }
        *entries() {
            const names = Array.from(this.#map.keys()).sort();
            for (const name of names) {
                const list = this.#map.get(name);
                if (list === undefined) continue;
                if (name === 'set-cookie') { for (const v of list) yield [name, v]; }
                else yield [name, list.join(', ')];
            }
        }
        *keys() { for (const [k] of this.entries()) yield k; }
        *values() { for (const [, v] of this.entries()) yield v; }
        [Symbol.iterator]() { return this.entries(); }
        static {
            internal.headersToWire = (headers) => {
                const out = [];
                for (const [k, list] of headers.#map) for (const v of list) out.push(k, v);
                return out;
            };
            internal.headersFromWire = (wire) => {
                const h = new Headers();
                for (let i = 0; i + 1 < wire.length; i += 2) {
                    const k = String(wire[i]).toLowerCase(), v = String(wire[i + 1]);
                    const list = h.#map.get(k);
                    if (list) list.push(v); else h.#map.set(k, [v]);
                }
                return h;
            };
        }
    }
    Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers' });


    g.Headers = Headers;
    Object.defineProperty(g, 'Headers', { enumerable: false });
})
