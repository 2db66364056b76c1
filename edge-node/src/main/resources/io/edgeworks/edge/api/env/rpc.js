// JavaScript RPC over service bindings (env.AUTH.check(token)): the values of a call (its arguments, its result,
// what it threw) cross from the caller's realm to the callee's and back as a string, never as an object. The
// sending realm serialises with the structured clone algorithm (clone.js) and encodes the record graph as JSON;
// the receiving realm decodes the JSON into new objects of its own, in two passes without recursion, checking
// every tag and reference (the sender is tenant code: a message may be anything). Only a string passes through
// the host, so no object of one realm, nor of the host, reaches another.
//
// Format: a JSON array; [0] is the root slot, [1..] the nodes (the objects, each once: cycles and shared
// references survive). A slot is a string, a finite number other than -0, a boolean, null, or a tag:
// ['r', i] node i, ['u'] undefined, ['n', 'NaN'|'Infinity'|'-Infinity'|'-0'], ['b', digits] a BigInt.
// Nodes: ['O', key, slot, …] object; ['A', length, key, slot, …] array; ['M', key, value, …] Map;
// ['S', value, …] Set; ['P', 'Boolean'|'Number'|'String'|'BigInt', slot] boxed primitive; ['D', slot] Date;
// ['R', source, flags] RegExp; ['B', bytes, maxByteLength|null] ArrayBuffer (bytes as a binary string);
// ['V', type, byteOffset, length|null, ['r', buffer]] typed array or DataView; ['L', bytes, type] Blob;
// ['F', bytes, type, name, lastModified] File; ['X', name, message] DOMException;
// ['E', name, message|null, hasCause, cause] Error: never its stack (as on Cloudflare).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    // Captured now: tenant code replacing globals or prototype methods later changes nothing here.
    const uncurry = (f) => Function.prototype.call.bind(f);
    const stringify = JSON.stringify, parse = JSON.parse;
    const isArray = Array.isArray, hasOwn = Object.hasOwn, defineProperty = Object.defineProperty;
    const isInteger = Number.isInteger, isPrototypeOf = uncurry(Object.prototype.isPrototypeOf);
    const strIncludes = uncurry(String.prototype.includes);
    const MapC = Map, SetC = Set, DateC = Date, RegExpC = RegExp, ArrayC = Array, ArrayBufferC = ArrayBuffer;
    const ObjectC = Object, BigIntC = BigInt, StringC = String, U8 = Uint8Array;
    const mapGet = uncurry(Map.prototype.get), mapSet = uncurry(Map.prototype.set), setAdd = uncurry(Set.prototype.add);
    const u8Set = uncurry(Uint8Array.prototype.set);
    const abGetter = (name) => { const d = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, name); return d && d.get ? uncurry(d.get) : null; };
    const abResizable = abGetter('resizable'), abMax = abGetter('maxByteLength');
    const bytesToBinary = internal.bytesToBinary, binaryToBytes = internal.binaryToBytes;
    const blobFromBytes = internal.blobFromBytes, fileFromBytes = internal.fileFromBytes;
    const cloneSerialize = internal.cloneSerialize;
    const DOMException = g.DOMException;
    const ErrorProto = Error.prototype, RangeErrorProto = RangeError.prototype;
    const errors = { __proto__: null, Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
    const views = {
        __proto__: null, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
        Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
    };
    if (typeof Float16Array === 'function') views.Float16Array = Float16Array;
    const boxed = { __proto__: null, Boolean: 'boolean', Number: 'number', String: 'string', BigInt: 'bigint' };

    // Cloudflare's bound on one serialised RPC message (32 MiB), here in characters of the encoded text.
    const MAX_CHARS = 32 * 1024 * 1024;
    // How deeply objects may nest in a message. Serialising (clone.js, depth-first as the HTML standard orders it)
    // recurses once per level, and running out of stack in GraalJS costs tens of megabytes of the request's
    // allocation budget, sooner when the call is made deep in a binding chain: so a message nests at most this
    // much, refused up front (measured: a few hundred levels already overflowed a 4 MiB stack while interpreted).
    const MAX_DEPTH = 128;

    const cloneError = (message) => new DOMException(message, 'DataCloneError');
    const malformed = () => cloneError('malformed RPC message');
    const tooLarge = (length) => cloneError(`an RPC message may be at most ${MAX_CHARS} characters encoded (32 MiB); this one has ${length}`);
    const isStackOverflow = (e) => isPrototypeOf(RangeErrorProto, e) && typeof e.message === 'string'
        && strIncludes(e.message, 'call stack');

    function num(v) {
        if (v !== v) return ['n', 'NaN'];
        if (v === 1 / 0) return ['n', 'Infinity'];
        if (v === -1 / 0) return ['n', '-Infinity'];
        if (v === 0 && 1 / v < 0) return ['n', '-0'];
        return v;
    }

    function prim(v) {
        switch (typeof v) {
            case 'number': return num(v);
            case 'undefined': return ['u'];
            case 'bigint': return ['b', StringC(v)];
            default: return v; // string, boolean, null
        }
    }

    // The node of record r; slot(record) encodes a reference or a primitive, bin(bytes) a binary string, count(n)
    // adds to the message's size (each counted).
    function node(r, slot, bin, count) {
        switch (r.k) {
            case 'Object': case 'Array': {
                const n = r.k === 'Object' ? ['O'] : ['A', r.length];
                const props = r.props;
                for (let i = 0; i < props.length; i++) { n[n.length] = props[i][0]; n[n.length] = slot(props[i][1]); count(props[i][0].length); }
                return n;
            }
            case 'Map': {
                const n = ['M'];
                const entries = r.entries;
                for (let i = 0; i < entries.length; i++) { n[n.length] = slot(entries[i][0]); n[n.length] = slot(entries[i][1]); }
                return n;
            }
            case 'Set': {
                const n = ['S'];
                const values = r.values;
                for (let i = 0; i < values.length; i++) n[n.length] = slot(values[i]);
                return n;
            }
            case 'Boolean': case 'Number': case 'String': case 'BigInt': return ['P', r.k, prim(r.v)];
            case 'Date': return ['D', prim(r.v)];
            case 'RegExp': return ['R', r.source, r.flags];
            case 'ArrayBuffer':
                return ['B', bin(new U8(r.buffer)), abResizable !== null && abResizable(r.buffer) ? abMax(r.buffer) : null];
            case 'View': return ['V', r.ctor, r.offset, r.length === undefined ? null : r.length, slot(r.buffer)];
            case 'Blob': return ['L', bin(r.bytes), r.type];
            case 'File': return ['F', bin(r.bytes), r.type, r.name, prim(r.lastModified)];
            case 'DOMException': return ['X', r.name, r.message];
            case 'Error': {
                const cause = hasOwn(r, 'cause');
                return ['E', r.name, r.message === undefined ? null : r.message, cause ? 1 : 0, cause ? slot(r.cause) : null];
            }
            case 'SharedArrayBuffer': throw cloneError('a SharedArrayBuffer cannot be sent over RPC');
            default: throw cloneError(`${r.k} could not be sent over RPC`);
        }
    }

    // Not an object, a function nor a symbol: a value that is its own slot (prim).
    const isPlain = (v) => { const t = typeof v; return v === null || (t !== 'object' && t !== 'function' && t !== 'symbol'); };

    // The message's text of its nodes (out), checked against MAX_CHARS.
    function messageText(out) {
        let t;
        try {
            t = stringify(out);
        } catch (e) {
            // longer than the longest string this realm may make (a share of the request's allocation limit)
            if (isPrototypeOf(RangeErrorProto, e)) throw tooLarge('more');
            throw e;
        }
        if (typeof t !== 'string') throw malformed();
        if (t.length > MAX_CHARS) throw tooLarge(t.length);
        return t;
    }

    // value -> message text; throws a DataCloneError for what structuredClone refuses (functions, symbols,
    // Requests, streams …), for a SharedArrayBuffer, for objects nested deeper than MAX_DEPTH, and above MAX_CHARS.
    function encode(value) {
        // A value that is not an object (most methods' result): its slot alone, the text the records would give.
        if (isPlain(value)) {
            if (typeof value === 'string' && 4 + value.length > MAX_CHARS) throw tooLarge('more');
            return messageText([prim(value)]);
        }
        let root;
        try {
            root = cloneSerialize(value, MAX_DEPTH);
        } catch (e) {
            if (isStackOverflow(e)) throw cloneError('the value is nested too deeply to be sent over RPC');
            throw e;
        }
        const out = [null];
        const index = new MapC();
        const work = [];
        // A lower bound of the text's length, summed in a first pass over the records (which also numbers them),
        // so that an oversized message is refused before any of its text is built (building it would take
        // several times its size from the request's allocation budget); the second pass builds the nodes.
        let size = 0, counting = true;
        const count = (n) => {
            if (!counting) return;
            size += n;
            if (size > MAX_CHARS) throw tooLarge('more');
        };
        const bin = (bytes) => {
            if (counting) {
                count(bytes.length);
                return '';
            }
            return bytesToBinary(bytes);
        };
        const slot = (r) => {
            count(4);
            if (r.k === 'primitive') {
                if (typeof r.v === 'string') count(r.v.length);
                return prim(r.v);
            }
            let i = mapGet(index, r);
            if (i === undefined) {
                i = out.length;
                out[i] = null;
                mapSet(index, r, i);
                work[work.length] = r;
            }
            return ['r', i];
        };
        out[0] = slot(root);
        for (let w = 0; w < work.length; w++) node(work[w], slot, bin, count);
        counting = false;
        for (let w = 0; w < work.length; w++) out[mapGet(index, work[w])] = node(work[w], slot, bin, count);
        return messageText(out);
    }

    // A call's arguments (a rest parameter's array, so only its own elements 0 … length - 1) -> message text: when
    // every argument is plain (most calls: strings, numbers), the same text encode(args) gives, built without the
    // clone records, the reference map and the counting pass; else encode(args).
    function encodeArgs(args) {
        const n = args.length;
        const array = ['A', n];
        let size = 4;
        for (let i = 0; i < n; i++) {
            const v = args[i];
            if (!isPlain(v)) return encode(args);
            const key = StringC(i);
            size += 4 + key.length + (typeof v === 'string' ? v.length : 0);
            if (size > MAX_CHARS) throw tooLarge('more');
            array[array.length] = key;
            array[array.length] = prim(v);
        }
        return messageText([['r', 1], array]);
    }

    // What an RPC method threw -> message text. An Error keeps its name (its own, not only the standard ones),
    // message and cause, never its stack; any other value travels as itself when it can be cloned, else as an
    // Error describing it.
    function encodeThrown(e) {
        let name;
        const error = isPrototypeOf(ErrorProto, e);
        if (error) {
            try { name = e.name; } catch (x) { name = undefined; }
        }
        try {
            const text = encode(e);
            if (error && typeof name === 'string') {
                const data = parse(text);
                if (isArray(data[1]) && data[1][0] === 'E') {
                    data[1][1] = name;
                    return stringify(data);
                }
            }
            return text;
        } catch (x) {
            let message;
            try { message = error ? StringC(e.message) : internal.inspect(e); } catch (y) { message = 'a value that could not be sent'; }
            return stringify([['r', 1], ['E', typeof name === 'string' ? name : 'Error', message, 0, null]]);
        }
    }

    function index(s, n) {
        if (!isArray(s) || s[0] !== 'r' || !isInteger(s[1]) || s[1] < 1 || s[1] >= n) throw malformed();
        return s[1];
    }

    function value(s, values) {
        const t = typeof s;
        if (t === 'string' || t === 'number' || t === 'boolean' || s === null) return s;
        if (!isArray(s)) throw malformed();
        switch (s[0]) {
            case 'r': {
                const v = values[index(s, values.length)];
                if (v === undefined) throw malformed();
                return v;
            }
            case 'u': return undefined;
            case 'n':
                switch (s[1]) {
                    case 'NaN': return NaN;
                    case 'Infinity': return 1 / 0;
                    case '-Infinity': return -1 / 0;
                    case '-0': return -0;
                }
                throw malformed();
            case 'b':
                if (typeof s[1] !== 'string') throw malformed();
                return BigIntC(s[1]);
        }
        throw malformed();
    }

    const str = (v) => { if (typeof v !== 'string') throw malformed(); return v; };

    function bytes(bin) {
        return binaryToBytes(str(bin));
    }

    // Pass 1: the object of a node, with everything that is not a reference to another node.
    function shell(d) {
        switch (d[0]) {
            case 'O': return {};
            case 'A': {
                const length = d[1];
                if (!isInteger(length) || length < 0 || length > 4294967295) throw malformed();
                return new ArrayC(length);
            }
            case 'M': return new MapC();
            case 'S': return new SetC();
            case 'P': {
                const v = value(d[2], null);
                if (typeof d[1] !== 'string' || boxed[d[1]] === undefined || typeof v !== boxed[d[1]]) throw malformed();
                return ObjectC(v);
            }
            case 'D': {
                const t = value(d[1], null);
                if (typeof t !== 'number') throw malformed();
                return new DateC(t);
            }
            case 'R': return new RegExpC(str(d[1]), str(d[2]));
            case 'B': {
                const b = bytes(d[1]);
                if (d[2] === null) return b.buffer;
                if (!isInteger(d[2]) || d[2] < b.length) throw malformed();
                const buffer = new ArrayBufferC(b.length, { maxByteLength: d[2] });
                u8Set(new U8(buffer), b);
                return buffer;
            }
            case 'L': return blobFromBytes(bytes(d[1]), str(d[2]));
            case 'F': {
                const lastModified = value(d[4], null);
                if (typeof lastModified !== 'number') throw malformed();
                return fileFromBytes(bytes(d[1]), str(d[3]), str(d[2]), lastModified);
            }
            case 'X': return new DOMException(str(d[2]), str(d[1]));
            case 'E': {
                const name = str(d[1]), message = d[2];
                const Ctor = errors[name] === undefined ? errors.Error : errors[name];
                const e = new Ctor();
                if (Ctor === errors.Error && name !== 'Error') {
                    defineProperty(e, 'name', { value: name, writable: true, configurable: true, enumerable: false });
                }
                if (message !== null) {
                    defineProperty(e, 'message', { value: str(message), writable: true, configurable: true, enumerable: false });
                }
                return e;
            }
            case 'V': return undefined; // pass 1b, once the buffers exist
        }
        throw malformed();
    }

    function view(d, values, data) {
        const type = d[1], offset = d[2], length = d[3];
        if (typeof type !== 'string' || views[type] === undefined) throw malformed();
        const b = index(d[4], data.length);
        if (data[b][0] !== 'B') throw malformed();
        if (!isInteger(offset) || offset < 0 || (length !== null && (!isInteger(length) || length < 0))) throw malformed();
        const Ctor = views[type];
        return length === null ? new Ctor(values[b], offset) : new Ctor(values[b], offset, length);
    }

    const own = (v) => ({ value: v, writable: true, enumerable: true, configurable: true });

    // Pass 2: the references between nodes.
    function fill(d, v, values) {
        switch (d[0]) {
            case 'O':
                for (let i = 1; i + 1 < d.length; i += 2) defineProperty(v, str(d[i]), own(value(d[i + 1], values)));
                break;
            case 'A':
                for (let i = 2; i + 1 < d.length; i += 2) defineProperty(v, str(d[i]), own(value(d[i + 1], values)));
                break;
            case 'M':
                for (let i = 1; i + 1 < d.length; i += 2) mapSet(v, value(d[i], values), value(d[i + 1], values));
                break;
            case 'S':
                for (let i = 1; i < d.length; i++) setAdd(v, value(d[i], values));
                break;
            case 'E':
                if (d[3] === 1) defineProperty(v, 'cause', { value: value(d[4], values), writable: true, configurable: true, enumerable: false });
                break;
        }
    }

    // message text -> a new value of this realm; a malformed message is a DataCloneError.
    function decode(text) {
        let data;
        try {
            data = parse(str(text));
        } catch (e) {
            throw malformed();
        }
        if (!isArray(data) || data.length < 1) throw malformed();
        const n = data.length;
        const values = new ArrayC(n);
        try {
            for (let i = 1; i < n; i++) {
                if (!isArray(data[i]) || data[i].length < 1) throw malformed();
                values[i] = shell(data[i]);
            }
            for (let i = 1; i < n; i++) {
                if (data[i][0] === 'V') values[i] = view(data[i], values, data);
            }
            for (let i = 1; i < n; i++) fill(data[i], values[i], values);
            return value(data[0], values);
        } catch (e) {
            if (isPrototypeOf(DOMException.prototype, e) && e.name === 'DataCloneError') throw e;
            throw malformed();
        }
    }

    internal.rpcEncode = encode;
    internal.rpcEncodeArgs = encodeArgs;
    internal.rpcEncodeThrown = encodeThrown;
    internal.rpcDecode = decode;
})
