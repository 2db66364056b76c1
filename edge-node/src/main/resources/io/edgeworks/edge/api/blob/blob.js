// File API: Blob and File (bytes held whole, immutable, shared between slices), plus the MIME Sniffing
// Standard's MIME type parser and serialiser that Fetch's Body.blob()/formData() build on (internal hooks).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    // Captured now: nothing tenant code changes on globals or prototypes later may change how Blobs behave.
    const U8 = Uint8Array, AB = ArrayBuffer, isView = ArrayBuffer.isView;
    const uncurry = (f) => Function.prototype.call.bind(f);
    const u8Set = uncurry(Uint8Array.prototype.set), u8Subarray = uncurry(Uint8Array.prototype.subarray);
    const u8Slice = uncurry(Uint8Array.prototype.slice), abSlice = uncurry(ArrayBuffer.prototype.slice);
    const viewBuffer = uncurry(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer').get);
    const dvBuffer = uncurry(Object.getOwnPropertyDescriptor(DataView.prototype, 'buffer').get);
    const dvOffset = uncurry(Object.getOwnPropertyDescriptor(DataView.prototype, 'byteOffset').get);
    const dvLength = uncurry(Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength').get);
    const taOffset = uncurry(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteOffset').get);
    const taLength = uncurry(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength').get);
    const toWellFormed = uncurry(String.prototype.toWellFormed), toLowerCase = uncurry(String.prototype.toLowerCase);
    const replace = uncurry(String.prototype.replace), regexTest = uncurry(RegExp.prototype.test);
    const dateNow = Date.now;
    const utf8Encode = internal.utf8Encode, utf8Decode = internal.utf8Decode;
    const { min, max, round, trunc, abs } = Math, isFinite = Number.isFinite;
    const EMPTY = new U8(0);
    const CHUNK = 65536;

    // WebIDL conversions.
    const usv = (v) => toWellFormed(`${v}`);
    const domString = (v) => `${v}`;
    function longLong(v) {                       // [Clamp] long long
        let x = +v;
        if (x !== x) return 0;
        x = min(max(x, -9007199254740991), 9007199254740991);
        const r = round(x);
        return (abs(x - trunc(x)) === 0.5 && r % 2 !== 0) ? r - 1 : r;
    }
    function enforceLongLong(v) {                // long long (no [Clamp])
        const x = +v;
        if (!isFinite(x)) return 0;
        return trunc(x);
    }
    const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
    const normaliseType = (t) => regexTest(ASCII_PRINTABLE, t) ? toLowerCase(t) : '';

    // Bytes of a view or buffer, as a view on the same memory (callers copy).
    function viewBytes(part) {
        if (part instanceof AB) return new U8(part);
        if (part instanceof DataView) return new U8(dvBuffer(part), dvOffset(part), dvLength(part));
        return new U8(viewBuffer(part), taOffset(part), taLength(part));
    }

    // The parts of a sequence<BlobPart>, converted in order: bytes (copied now) or strings (encoded once the
    // endings option is known, as WebIDL converts the options after the parts).
    function collectParts(parts, what) {
        if (parts === undefined) return [];
        if (parts === null || (typeof parts !== 'object' && typeof parts !== 'function')) {
            throw new TypeError(`${what}: blobParts must be a sequence (an iterable object)`);
        }
        const iteratorMethod = parts[Symbol.iterator];
        if (typeof iteratorMethod !== 'function') throw new TypeError(`${what}: blobParts must be iterable`);
        const out = [];
        for (const part of { [Symbol.iterator]: () => iteratorMethod.call(parts) }) {
            if (isBlob(part)) out.push(bytesOf(part));
            else if (part instanceof AB || isView(part)) out.push(u8Slice(viewBytes(part)));
            else out.push(usv(part));
        }
        return out;
    }

    function joinParts(items, endings) {
        if (items.length === 0) return EMPTY;
        const chunks = [];
        let total = 0;
        for (const item of items) {
            let bytes = item;
            if (typeof item === 'string') bytes = utf8Encode(endings === 'native' ? replace(item, /\r\n|\r/g, '\n') : item);
            chunks.push(bytes);
            total += bytes.length;
        }
        if (chunks.length === 1) return chunks[0];
        const out = new U8(total);
        let at = 0;
        for (const c of chunks) { u8Set(out, c, at); at += c.length; }
        return out;
    }

    // BlobPropertyBag (members in lexicographic order: endings, type).
    function propertyBag(options, what) {
        if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
            throw new TypeError(`${what}: options must be an object`);
        }
        const bag = options === undefined || options === null ? {} : options;
        let endings = 'transparent';
        if (bag.endings !== undefined) {
            endings = domString(bag.endings);
            if (endings !== 'transparent' && endings !== 'native') {
                throw new TypeError(`${what}: '${endings}' is not a valid value for endings (transparent or native)`);
            }
        }
        const type = bag.type === undefined ? '' : normaliseType(domString(bag.type));
        return { bag, endings, type };
    }

    // Set just before an internal `new Blob()`/`new File()` that must adopt given bytes instead of converting
    // arguments (no tenant code can run in between).
    let adopt = null;
    let isBlob, bytesOf;
    class Blob {
        #bytes; #type;
        constructor(blobParts = undefined, options = undefined) {
            if (adopt !== null) {
                const a = adopt;
                adopt = null;
                this.#bytes = a.bytes; this.#type = a.type;
                return;
            }
            const items = collectParts(blobParts, 'Blob');
            const { endings, type } = propertyBag(options, 'Blob');
            this.#bytes = joinParts(items, endings);
            this.#type = type;
        }
        get size() { return this.#bytes.length; }
        get type() { return this.#type; }
        slice(start = undefined, end = undefined, contentType = undefined) {
            const size = this.#bytes.length;
            let from = start === undefined ? 0 : longLong(start);
            let to = end === undefined ? size : longLong(end);
            from = from < 0 ? max(size + from, 0) : min(from, size);
            to = to < 0 ? max(size + to, 0) : min(to, size);
            const type = contentType === undefined ? '' : normaliseType(domString(contentType));
            adopt = { bytes: u8Subarray(this.#bytes, from, max(to, from)), type };
            return new Blob();
        }
        async text() {
            let bytes = this.#bytes;
            if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = u8Subarray(bytes, 3);
            return utf8Decode(bytes, false);
        }
        async arrayBuffer() { return u8Slice(this.#bytes).buffer; }
        async bytes() { return u8Slice(this.#bytes); }
        stream() {
            const bytes = this.#bytes;
            let at = 0;
            const ReadableStream = internal.streams().ReadableStream; // loaded on first use (streams.js)
            return new ReadableStream({
                type: 'bytes',
                pull(controller) {
                    if (at < bytes.length) {
                        const end = min(at + CHUNK, bytes.length);
                        controller.enqueue(u8Slice(bytes, at, end));
                        at = end;
                    }
                    if (at >= bytes.length) controller.close();
                },
            });
        }
        static {
            isBlob = (x) => x !== null && typeof x === 'object' && #bytes in x;
            bytesOf = (b) => b.#bytes;
            internal.blobType = (b) => b.#type;
        }
    }
    Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob', configurable: true });

    let adoptFile = null;
    class File extends Blob {
        #name; #lastModified;
        constructor(fileBits, fileName, options = undefined) {
            if (adoptFile !== null) {
                const a = adoptFile;
                adoptFile = null;
                adopt = a;
                super();
                this.#name = a.name; this.#lastModified = a.lastModified;
                return;
            }
            if (arguments.length < 2) throw new TypeError(`File constructor: 2 arguments required, but only ${arguments.length} present`);
            const items = collectParts(fileBits, 'File');
            const name = usv(fileName);
            const { bag, endings, type } = propertyBag(options, 'File');
            const lastModified = bag.lastModified === undefined ? dateNow() : enforceLongLong(bag.lastModified);
            adopt = { bytes: joinParts(items, endings), type };
            super();
            this.#name = name;
            this.#lastModified = lastModified;
        }
        get name() { return this.#name; }
        get lastModified() { return this.#lastModified; }
        get webkitRelativePath() { return ''; }
        static {
            internal.isFile = (x) => x !== null && typeof x === 'object' && #name in x;
            internal.fileName = (f) => f.#name;
            internal.fileLastModified = (f) => f.#lastModified;
        }
    }
    Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });

    // Hooks for fetch.js, formdata.js and clone.js. Bytes handed in are adopted (the caller must not touch them
    // afterwards); bytes handed out are copies, so a consumer may transfer or mutate them.
    internal.isBlob = isBlob;
    internal.blobBytes = (b) => u8Slice(bytesOf(b));
    internal.blobFromBytes = (bytes, type) => { adopt = { bytes, type: type === undefined ? '' : type }; return new Blob(); };
    internal.fileFromBytes = (bytes, name, type, lastModified) => {
        adoptFile = { bytes, type, name, lastModified: lastModified === undefined ? dateNow() : lastModified };
        return new File();
    };
    // A File with a Blob's bytes (shared, both immutable), as FormData stores Blob entries.
    internal.blobToFile = (blob, name, type, lastModified) => internal.fileFromBytes(bytesOf(blob), name, type, lastModified);

    // MIME Sniffing Standard: parse a MIME type / serialise a MIME type. A MIME type record is
    // { type, subtype, essence, parameters: Map } with lower-case type, subtype and parameter names.
    const HTTP_WS = /[\t\n\r ]/;
    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    const QUOTED_TOKEN = /^[\t\x20-\x7e\x80-\xff]*$/;
    const trimHttpWs = (s) => replace(s, /^[\t\n\r ]+|[\t\n\r ]+$/g, '');

    // HTTP quoted string at s[pos] === '"'; returns [value, new position].
    function quotedString(s, pos, extract) {
        const start = pos;
        let value = '';
        pos++;
        for (;;) {
            while (pos < s.length && s[pos] !== '"' && s[pos] !== '\\') value += s[pos++];
            if (pos >= s.length) break;
            const c = s[pos++];
            if (c === '\\') {
                if (pos >= s.length) { value += '\\'; break; }
                value += s[pos++];
            } else break;
        }
        return [extract ? value : s.slice(start, pos), pos];
    }

    function parseMimeType(input) {
        const s = trimHttpWs(`${input}`);
        let pos = 0;
        while (pos < s.length && s[pos] !== '/') pos++;
        const type = s.slice(0, pos);
        if (type === '' || !regexTest(TOKEN, type) || pos >= s.length) return null;
        pos++;
        const subStart = pos;
        while (pos < s.length && s[pos] !== ';') pos++;
        const subtype = replace(s.slice(subStart, pos), /[\t\n\r ]+$/, '');
        if (subtype === '' || !regexTest(TOKEN, subtype)) return null;
        const m = { type: toLowerCase(type), subtype: toLowerCase(subtype), parameters: new Map() };
        m.essence = m.type + '/' + m.subtype;
        while (pos < s.length) {
            pos++;                                                   // the ';'
            while (pos < s.length && regexTest(HTTP_WS, s[pos])) pos++;
            const nameStart = pos;
            while (pos < s.length && s[pos] !== ';' && s[pos] !== '=') pos++;
            const name = toLowerCase(s.slice(nameStart, pos));
            if (pos < s.length) {
                if (s[pos] === ';') continue;
                pos++;                                               // the '='
            }
            if (pos >= s.length) break;
            let value;
            if (s[pos] === '"') {
                [value, pos] = quotedString(s, pos, true);
                while (pos < s.length && s[pos] !== ';') pos++;
            } else {
                const valueStart = pos;
                while (pos < s.length && s[pos] !== ';') pos++;
                value = replace(s.slice(valueStart, pos), /[\t\n\r ]+$/, '');
                if (value === '') continue;
            }
            if (name !== '' && regexTest(TOKEN, name) && regexTest(QUOTED_TOKEN, value) && !m.parameters.has(name)) {
                m.parameters.set(name, value);
            }
        }
        return m;
    }

    function serializeMimeType(m) {
        let out = m.type + '/' + m.subtype;
        for (const [name, value] of m.parameters) {
            out += ';' + name + '=';
            out += value !== '' && regexTest(TOKEN, value) ? value : '"' + replace(value, /["\\]/g, '\\$&') + '"';
        }
        return out;
    }

    // Fetch: "get, decode, and split" a header value (commas outside quoted strings), then "extract a MIME type".
    function splitHeaderValue(value) {
        const values = [];
        let pos = 0, current = '';
        while (pos < value.length) {
            const c = value[pos];
            if (c === '"') {
                const [quoted, next] = quotedString(value, pos, false);
                current += quoted;
                pos = next;
            } else if (c === ',') {
                values.push(current);
                current = '';
                pos++;
            } else { current += c; pos++; }
        }
        values.push(current);
        return values.map((v) => replace(v, /^[\t ]+|[\t ]+$/g, ''));
    }

    function extractMimeType(headerValue) {
        if (headerValue === null || headerValue === undefined) return null;
        let charset = null, essence = null, mimeType = null;
        for (const value of splitHeaderValue(`${headerValue}`)) {
            const candidate = parseMimeType(value);
            if (candidate === null || candidate.essence === '*/*') continue;
            mimeType = candidate;
            if (mimeType.essence !== essence) {
                charset = mimeType.parameters.has('charset') ? mimeType.parameters.get('charset') : null;
                essence = mimeType.essence;
            } else if (!mimeType.parameters.has('charset') && charset !== null) {
                mimeType.parameters.set('charset', charset);
            }
        }
        return mimeType;
    }

    internal.parseMimeType = parseMimeType;
    internal.serializeMimeType = serializeMimeType;
    internal.extractMimeType = extractMimeType;

    Object.assign(g, { Blob, File });
    Object.defineProperty(g, 'Blob', { enumerable: false });
    Object.defineProperty(g, 'File', { enumerable: false });
})
