// Fetch Standard: Headers (the header list, its guards and iteration), with WebIDL conversions
// (HeadersInit = sequence<sequence<ByteString>> or record<ByteString, ByteString>) and a WebIDL pair
// iterator. Request and Response in fetch.js build on the internal hooks defined at the end.
//
// Guards: "immutable" (Response.error()/redirect(), fetched responses) throws on every change;
// "request-no-cors" (Request with mode 'no-cors') keeps only no-CORS-safelisted request-headers.
// "request" and "response" exist as in the standard but, as in workerd, do not drop forbidden header
// names: a server runtime sets Host/Cookie/... on subrequests and Set-Cookie on its responses.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    // Internal state and methods are keyed by symbols of the engine-wide registry, the same in every realm, not
    // private names: GraalJS's caches for a private name hold one realm's, and the prelude's code is shared by
    // every realm of the engine, so with private names every access went through the uncached lookup as soon as
    // a second realm (a bound service, another tenant) ran it. Tenant code can reach these keys (Reflect.ownKeys)
    // and so confuse its own objects, only its own: the host checks what it receives anyway (WireRules: a
    // response's status and head, an outgoing request's method and head; the test worker forged-state).
    const symbolFor = Symbol.for;
    const HEADERS = symbolFor('edgeworks:headers'),
        HEADERS_ITERATOR = symbolFor('edgeworks:headers.iterator'),
        HEADERS_FILL = symbolFor('edgeworks:headers.fill'),
        HEADERS_FOR_EACH = symbolFor('edgeworks:headers.for.each'),
        HEADERS_VALIDATE = symbolFor('edgeworks:headers.validate'),
        HEADERS_CHANGED = symbolFor('edgeworks:headers.changed'),
        HEADERS_APPEND = symbolFor('edgeworks:headers.append'),
        HEADERS_SORTED = symbolFor('edgeworks:headers.sorted'),
        HEADERS_ITERATE = symbolFor('edgeworks:headers.iterate');
    const g = globalThis;
    // Intrinsics captured now: tenant code that later patches globals or prototypes must not change how
    // a header list behaves.
    const { TypeError, Map, Set, RegExp } = g;
    const { ownKeys, getOwnPropertyDescriptor, apply } = Reflect;
    const SymbolIterator = Symbol.iterator;
    const callOf = Function.prototype.call;
    const uncurry = (fn) => apply(Function.prototype.bind, callOf, [fn]);   // uncurry(f)(self, ...args)
    const mapGet = uncurry(Map.prototype.get), mapSet = uncurry(Map.prototype.set);
    const mapHas = uncurry(Map.prototype.has), mapDelete = uncurry(Map.prototype.delete);
    const mapClear = uncurry(Map.prototype.clear), mapForEach = uncurry(Map.prototype.forEach);
    const arrayPush = uncurry(Array.prototype.push), arraySort = uncurry(Array.prototype.sort);
    const arraySlice = uncurry(Array.prototype.slice), arrayJoin = uncurry(Array.prototype.join);
    const toLower = uncurry(String.prototype.toLowerCase), regexExec = uncurry(RegExp.prototype.exec);
    const charCodeAt = uncurry(String.prototype.charCodeAt), indexOf = uncurry(String.prototype.indexOf);
    const stringSlice = uncurry(String.prototype.slice), stringSplit = uncurry(String.prototype.split);
    const setHas = uncurry(Set.prototype.has);
    const defineProperty = Object.defineProperty, setPrototypeOf = Object.setPrototypeOf;
    // The captured built-in exec on our own regexps (RegExp.prototype.test would look `exec` up at run time);
    // the hot checks are written so that the usual outcome is no match (null, nothing allocated).
    const regexTest = (re, s) => regexExec(re, s) !== null;
    const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][SymbolIterator]()));

    const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
    const NOT_BYTE = /[^\x00-\xFF]/;
    const BAD_VALUE = /[\0\r\n]/;

    const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

    // WebIDL ByteString: ToString (a Symbol throws), then every code unit must fit in a byte.
    function byteString(v, what) {
        const s = `${v}`;
        if (regexTest(NOT_BYTE, s)) throw new TypeError(`${what} is not a ByteString (a character above U+00FF): '${s}'`);
        return s;
    }
    function checkName(name) {
        if (name.length === 0 || regexTest(NOT_TOKEN, name)) throw new TypeError(`Invalid header name: '${name}'`);
        return toLower(name);
    }
    // HTTP whitespace (tab, LF, CR, space) trimmed from the start and/or the end.
    const isHttpWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0A || c === 0x0D;
    function trimHttpWhitespace(s, leading, trailing) {
        let start = 0, end = s.length;
        while (leading && start < end && isHttpWhitespace(charCodeAt(s, start))) start++;
        while (trailing && end > start && isHttpWhitespace(charCodeAt(s, end - 1))) end--;
        return start === 0 && end === s.length ? s : stringSlice(s, start, end);
    }
    // Fetch "normalize": strip leading and trailing HTTP whitespace.
    const normalizeValue = (value) => trimHttpWhitespace(value, true, true);

    // --- CORS-safelisted request-headers (for the "request-no-cors" guard) ---
    const NO_CORS_NAMES = new Set(['accept', 'accept-language', 'content-language', 'content-type']);
    const PRIVILEGED_NO_CORS = 'range';
    const CORS_UNSAFE_BYTE = (/[\x00-\x08\x0A-\x1F"():<>?@[\\\]{}\x7F]/);
    const LANGUAGE_VALUE = (/^[0-9A-Za-z *,\-.;=]*$/);
    const SAFE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
    const HTTP_TOKEN = (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);

    // The essence ("type/subtype", lower case) of a MIME type per the MIME Sniffing Standard's parser, or
    // null when parsing fails (parameters never make it fail).
    function mimeEssence(value) {
        const s = trimHttpWhitespace(value, true, true);
        const slash = indexOf(s, '/');
        if (slash <= 0) return null;
        const type = stringSlice(s, 0, slash);
        let end = indexOf(s, ';', slash + 1);
        if (end < 0) end = s.length;
        const subtype = trimHttpWhitespace(stringSlice(s, slash + 1, end), false, true);
        if (!regexTest(HTTP_TOKEN, type) || !regexTest(HTTP_TOKEN, subtype)) return null;
        return toLower(type) + '/' + toLower(subtype);
    }
    function isCorsSafelisted(name, value) {
        if (value.length > 128) return false;
        switch (name) {
            case 'accept': return !regexTest(CORS_UNSAFE_BYTE, value);
            case 'accept-language':
            case 'content-language': return regexTest(LANGUAGE_VALUE, value);
            case 'content-type': {
                if (regexTest(CORS_UNSAFE_BYTE, value)) return false;
                const essence = mimeEssence(value);
                return essence !== null && setHas(SAFE_CONTENT_TYPES, essence);
            }
            default: return false;
        }
    }
    const isNoCorsSafelisted = (name, value) => setHas(NO_CORS_NAMES, name) && isCorsSafelisted(name, value);

    // --- WebIDL HeadersInit conversion: a list of [name, value] ByteString pairs, converted in full before
    // anything is appended (sequence: through the iterator protocol; record: own enumerable keys in
    // [[OwnPropertyKeys]] order, each [[GetOwnProperty]] before its [[Get]]). ---
    function getIteratorMethod(obj) {
        const method = obj[SymbolIterator];
        if (method === undefined || method === null) return undefined;
        if (typeof method !== 'function') throw new TypeError('Headers: init[Symbol.iterator] is not a function');
        return method;
    }
    function iterate(obj, method, each) {
        const iterator = apply(method, obj, []);
        if (!isObject(iterator)) throw new TypeError('Headers: the iterator of init is not an object');
        const next = iterator.next;
        for (;;) {
            const result = apply(next, iterator, []);
            if (!isObject(result)) throw new TypeError('Headers: iterator result is not an object');
            if (result.done) return;
            each(result.value);
        }
    }
    function sequenceToPairs(obj, method) {
        const pairs = [];
        iterate(obj, method, (item) => {
            if (!isObject(item)) throw new TypeError('Headers: each header must be a sequence of two strings, got a primitive');
            const inner = getIteratorMethod(item);
            if (inner === undefined) throw new TypeError('Headers: each header must be an iterable of two strings');
            const pair = [];
            iterate(item, inner, (v) => arrayPush(pair, byteString(v, 'Header name/value')));
            arrayPush(pairs, pair);
        });
        for (let i = 0; i < pairs.length; i++) {
            if (pairs[i].length !== 2) throw new TypeError(`Headers: each header pair must have exactly two items, got ${pairs[i].length}`);
        }
        return pairs;
    }
    function recordToPairs(obj) {
        const pairs = [];
        const keys = ownKeys(obj);
        for (let i = 0; i < keys.length; i++) {
            const key = keys[i];
            const desc = getOwnPropertyDescriptor(obj, key);
            if (desc === undefined || !desc.enumerable) continue;
            const name = byteString(key, 'Header name');
            arrayPush(pairs, [name, byteString(obj[key], 'Header value')]);
        }
        return pairs;
    }

    let HeadersIterator;

    // A Headers state's map, with the host's pending header list (headersFromWire) put in it first: names
    // lower-cased, values as they are (the host sends valid ones), one list per name in order of appearance.
    function mapOf(state) {
        if (state.wire !== '') {
            const parts = stringSplit(state.wire, '\n');
            state.wire = '';
            const map = state.map;
            for (let i = 0; i + 1 < parts.length; i += 2) {
                const name = toLower(parts[i]), value = parts[i + 1];
                const list = mapGet(map, name);
                if (list) arrayPush(list, value); else mapSet(map, name, [value]);
            }
        }
        return state.map;
    }

    class Headers {
        // One state slot holding a plain object, keyed by a registry symbol (see the top of this file), not a
        // field per member: each field is one more property added to every new instance.
        // map: lower-case name -> values in order; version: bumped on each change (the iteration snapshot, pairs, is
        // rebuilt when it moves away from pairsVersion); wire: a header list from the host not yet put in map ('' for
        // none; while it is pending map is empty): every read goes through mapOf(state), which puts it there first
        [HEADERS] = { map: new Map(), guard: 'none', version: 0, pairs: null, pairsVersion: -1, wire: '' };

        constructor(init = undefined) {
            if (init === undefined) return;
            this[HEADERS_FILL](init);
        }

        // Fetch "fill": the WebIDL conversion of init, then an append per pair.
        [HEADERS_FILL](init) {
            if (!isObject(init)) throw new TypeError(`Headers: init must be an object (a sequence of pairs, a record or Headers), got ${init === null ? 'null' : typeof init}`);
            const method = getIteratorMethod(init);
            if (method === undefined) {
                const pairs = recordToPairs(init);
                for (let i = 0; i < pairs.length; i++) this[HEADERS_APPEND](pairs[i][0], pairs[i][1]);
            } else if (method === ENTRIES && HEADERS in init && HeadersIterator.prototype.next === NEXT) {
                // Same result as iterating another Headers, without building its pairs.
                init[HEADERS_FOR_EACH]((name, value) => this[HEADERS_APPEND](name, value));
            } else {
                const pairs = sequenceToPairs(init, method);
                for (let i = 0; i < pairs.length; i++) this[HEADERS_APPEND](pairs[i][0], pairs[i][1]);
            }
        }

        [HEADERS_FOR_EACH](fn) {
            mapForEach(mapOf(this[HEADERS]), (list, name) => { for (let i = 0; i < list.length; i++) fn(name, list[i]); });
        }

        // Fetch "validate": the name and value checks, then the guard (false = ignore the change).
        [HEADERS_VALIDATE](name, value) {
            const lower = checkName(name);
            if (regexTest(BAD_VALUE, value)) throw new TypeError(`Invalid header value (NUL, CR or LF): '${value}'`);
            if (this[HEADERS].guard === 'immutable') throw new TypeError("Can't modify immutable headers");
            return lower;
        }

        [HEADERS_CHANGED]() {
            this[HEADERS].version++;
            if (this[HEADERS].guard === 'request-no-cors') mapDelete(mapOf(this[HEADERS]), PRIVILEGED_NO_CORS);
        }

        [HEADERS_APPEND](name, value) {
            value = normalizeValue(value);
            const lower = this[HEADERS_VALIDATE](name, value);
            const list = mapGet(mapOf(this[HEADERS]), lower);
            if (this[HEADERS].guard === 'request-no-cors') {
                const combined = list ? arrayJoin(list, ', ') + ', ' + value : value;
                if (!isNoCorsSafelisted(lower, combined)) return;
            }
            if (list) arrayPush(list, value); else mapSet(mapOf(this[HEADERS]), lower, [value]);
            this[HEADERS_CHANGED]();
        }

        append(name, value) {
            if (arguments.length < 2) throw new TypeError(`Headers.append: 2 arguments required, ${arguments.length} given`);
            this[HEADERS_APPEND](byteString(name, 'Header name'), byteString(value, 'Header value'));
        }
        delete(name) {
            if (arguments.length < 1) throw new TypeError('Headers.delete: 1 argument required');
            const lower = this[HEADERS_VALIDATE](byteString(name, 'Header name'), '');
            if (this[HEADERS].guard === 'request-no-cors' && !setHas(NO_CORS_NAMES, lower) && lower !== PRIVILEGED_NO_CORS) return;
            if (!mapDelete(mapOf(this[HEADERS]), lower)) return;
            this[HEADERS_CHANGED]();
        }
        get(name) {
            if (arguments.length < 1) throw new TypeError('Headers.get: 1 argument required');
            const list = mapGet(mapOf(this[HEADERS]), checkName(byteString(name, 'Header name')));
            return list ? arrayJoin(list, ', ') : null;
        }
        getSetCookie() {
            const list = mapGet(mapOf(this[HEADERS]), 'set-cookie');
            return list ? arraySlice(list) : [];
        }
        has(name) {
            if (arguments.length < 1) throw new TypeError('Headers.has: 1 argument required');
            return mapHas(mapOf(this[HEADERS]), checkName(byteString(name, 'Header name')));
        }
        set(name, value) {
            if (arguments.length < 2) throw new TypeError(`Headers.set: 2 arguments required, ${arguments.length} given`);
            name = byteString(name, 'Header name');
            value = normalizeValue(byteString(value, 'Header value'));
            const lower = this[HEADERS_VALIDATE](name, value);
            if (this[HEADERS].guard === 'request-no-cors' && !isNoCorsSafelisted(lower, value)) return;
            mapSet(mapOf(this[HEADERS]), lower, [value]);
            this[HEADERS_CHANGED]();
        }

        // The "sort and combine" list as flat [name0, value0, name1, value1, ...], rebuilt after a change.
        [HEADERS_SORTED]() {
            if (this[HEADERS].pairsVersion === this[HEADERS].version) return this[HEADERS].pairs;
            const names = [];
            mapForEach(mapOf(this[HEADERS]), (list, name) => arrayPush(names, name));
            arraySort(names);
            const out = [];
            for (let i = 0; i < names.length; i++) {
                const list = mapGet(mapOf(this[HEADERS]), names[i]);
                if (names[i] === 'set-cookie') {
                    for (let j = 0; j < list.length; j++) arrayPush(out, names[i], list[j]);
                } else {
                    arrayPush(out, names[i], arrayJoin(list, ', '));
                }
            }
            this[HEADERS].pairs = out; this[HEADERS].pairsVersion = this[HEADERS].version;
            return out;
        }

        forEach(callback, thisArg = undefined) {
            if (typeof callback !== 'function') throw new TypeError('Headers.forEach: callback is not a function');
            let pairs = this[HEADERS_SORTED]();
            for (let i = 0; 2 * i < pairs.length; i++) {
                apply(callback, thisArg, [pairs[2 * i + 1], pairs[2 * i], this]);
                pairs = this[HEADERS_SORTED]();
            }
        }
        keys() { return this[HEADERS_ITERATE]('key'); }
        values() { return this[HEADERS_ITERATE]('value'); }
        entries() { return this[HEADERS_ITERATE]('key+value'); }
        [HEADERS_ITERATE](kind) { return new HeadersIterator(this, kind); }

        static {
            internal.headersPairs = (headers) => headers[HEADERS_SORTED]();
            // The host's form of a header list: "name\nvalue\nname\nvalue" ('' for none), one string across
            // the host boundary instead of two per header. No valid name or value contains a line feed: names
            // are tokens, values are checked for NUL, CR and LF, and the host drops fields with one.
            // A list from the host that nobody read or changed goes back as the host sent it (names in their
            // case, repeated names where they stood, as the standard's header list keeps them): a request a worker
            // forwards unread (a gateway's env.X.fetch(request)) is not split and joined again.
            internal.headersToWire = (headers) => {
                if (headers[HEADERS].wire !== '') return headers[HEADERS].wire;
                let out = '';
                headers[HEADERS_FOR_EACH]((name, value) => { out = out === '' ? name + '\n' + value : out + '\n' + name + '\n' + value; });
                return out;
            };
            // A Headers from the host's joined header list (already valid bytes) with the given guard.
            // The list is split when first read (mapOf): a request or response whose headers nobody reads (a
            // worker answering without looking, a binding's response of which the caller takes the status) never
            // splits it, and a copy of it (clone(), new Request(request)) takes the joined list as it is.
            internal.headersFromWire = (joined, guard = 'request') => {
                const h = new Headers();
                h[HEADERS].wire = joined;
                h[HEADERS].guard = guard;
                return h;
            };
            // The combined value of one header (lower-case name) without the public API's checks, or null.
            internal.headersCombined = (headers, name) => {
                const list = mapGet(mapOf(headers[HEADERS]), name);
                return list ? arrayJoin(list, ', ') : null;
            };
            // A new Headers with a guard, filled from a HeadersInit (undefined = empty), as the Request
            // and Response constructors do.
            internal.newHeaders = (guard, init) => {
                const h = new Headers();
                h[HEADERS].guard = guard;
                if (init !== undefined) h[HEADERS_FILL](init);
                return h;
            };
            // A copy of another Headers' header list (no filtering) with a guard: clone(), new Request(req).
            internal.copyHeaders = (from, guard) => {
                const h = new Headers();
                if (from[HEADERS].wire !== '') h[HEADERS].wire = from[HEADERS].wire;
                else mapForEach(mapOf(from[HEADERS]), (list, name) => mapSet(mapOf(h[HEADERS]), name, arraySlice(list)));
                h[HEADERS].guard = guard;
                return h;
            };
            internal.headersGuard = (headers) => headers[HEADERS].guard;
            internal.setHeadersGuard = (headers, guard) => { headers[HEADERS].guard = guard; };
            // Request constructor, "init is not empty": empty the list, then append from `source` (a Headers:
            // each entry of its header list; otherwise a HeadersInit) through this guard.
            internal.refillHeaders = (headers, source) => {
                const entries = [];
                if (HEADERS in source) source[HEADERS_FOR_EACH]((name, value) => arrayPush(entries, [name, value]));
                headers[HEADERS].wire = '';
                mapClear(mapOf(headers[HEADERS]));
                headers[HEADERS_CHANGED]();
                if (HEADERS in source) {
                    for (let i = 0; i < entries.length; i++) headers[HEADERS_APPEND](entries[i][0], entries[i][1]);
                } else {
                    headers[HEADERS_FILL](source);
                }
            };
            // A header the runtime adds when absent (a body's Content-Type, lower-case name), appended
            // through the guard as the standard says, and immune to tenant patches of Headers.prototype.
            internal.headersAppendIfAbsent = (headers, name, value) => {
                if (mapHas(mapOf(headers[HEADERS]), name)) return;
                if (headers[HEADERS].guard === 'request' || headers[HEADERS].guard === 'response') {
                    // The runtime's own values (a body's type: constants, or a Blob type, which is printable
                    // ASCII) need no validation and no guard filtering.
                    mapSet(mapOf(headers[HEADERS]), name, [normalizeValue(value)]);
                    headers[HEADERS_CHANGED]();
                } else {
                    headers[HEADERS_APPEND](name, value);
                }
            };
        }
    }

    // %HeadersIteratorPrototype% per WebIDL: its [[Prototype]] is %IteratorPrototype%, `next` is an
    // enumerable own property, the class string is "Headers Iterator", and it has no constructor.
    HeadersIterator = class {
        [HEADERS_ITERATOR] = { headers: undefined, kind: undefined, index: 0 };
        constructor(headers, kind) { this[HEADERS_ITERATOR].headers = headers; this[HEADERS_ITERATOR].kind = kind; }
        next() {
            if (!isObject(this) || !(HEADERS_ITERATOR in this)) throw new TypeError('next() called on an object that is not a Headers iterator');
            const pairs = internal.headersPairs(this[HEADERS_ITERATOR].headers);
            const i = this[HEADERS_ITERATOR].index;
            if (2 * i >= pairs.length) return { value: undefined, done: true };
            this[HEADERS_ITERATOR].index = i + 1;
            const name = pairs[2 * i], value = pairs[2 * i + 1];
            if (this[HEADERS_ITERATOR].kind === 'key') return { value: name, done: false };
            if (this[HEADERS_ITERATOR].kind === 'value') return { value, done: false };
            return { value: [name, value], done: false };
        }
    };
    const NEXT = HeadersIterator.prototype.next;
    setPrototypeOf(HeadersIterator.prototype, IteratorPrototype);
    delete HeadersIterator.prototype.constructor;
    defineProperty(HeadersIterator.prototype, 'next', { value: NEXT, writable: true, enumerable: true, configurable: true });
    defineProperty(HeadersIterator.prototype, Symbol.toStringTag, { value: 'Headers Iterator', configurable: true });

    // WebIDL: operations are enumerable, @@iterator is the same function as entries.
    const ENTRIES = Headers.prototype.entries;
    for (const name of ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'forEach', 'keys', 'values', 'entries']) {
        defineProperty(Headers.prototype, name, { enumerable: true });
    }
    defineProperty(Headers.prototype, SymbolIterator, { value: ENTRIES, writable: true, enumerable: false, configurable: true });
    defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });

    g.Headers = Headers;
    defineProperty(g, 'Headers', { enumerable: false });
})
