// HTML structured clone: structuredClone(value, { transfer }) as StructuredSerializeWithTransfer followed by
// StructuredDeserializeWithTransfer in the same realm. Serialising first builds a record graph (so a getter that
// throws, or a value that cannot be cloned, fails before any ArrayBuffer is detached), then the transfer list is
// detached, then the records are turned into new objects.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    // Captured now, so that tenant code deleting or replacing globals and prototype methods changes nothing here.
    const uncurry = (f) => Function.prototype.call.bind(f);
    const getter = (proto, name) => { const d = Object.getOwnPropertyDescriptor(proto, name); return d && d.get ? uncurry(d.get) : null; };
    const isPrototypeOf = uncurry(Object.prototype.isPrototypeOf), hasOwn = Object.hasOwn;
    const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, defineProperty = Object.defineProperty;
    const keys = Object.keys, isArray = Array.isArray, isView = ArrayBuffer.isView;
    // A brand check: whether v has the internal slots f requires (f throws a TypeError when not). The catch binds
    // nothing, so the engine never materialises the error object (with it, each failed check cost ~18 µs, the
    // bulk of an RPC call). serialize() still avoids failed checks where it can (see classify).
    const brand = (f) => (v) => { try { f(v); return true; } catch { return false; } };
    const booleanValue = uncurry(Boolean.prototype.valueOf), numberValue = uncurry(Number.prototype.valueOf);
    const stringValue = uncurry(String.prototype.valueOf), bigintValue = uncurry(BigInt.prototype.valueOf);
    const symbolValue = uncurry(Symbol.prototype.valueOf), dateValue = uncurry(Date.prototype.getTime);
    const isBoolean = brand(booleanValue), isNumber = brand(numberValue), isString = brand(stringValue);
    const isBigInt = brand(bigintValue), isSymbol = brand(symbolValue), isDate = brand(dateValue);
    const regexpSource = getter(RegExp.prototype, 'source'), regexpFlags = getter(RegExp.prototype, 'flags');
    const hasRegExpSource = brand(regexpSource), RegExpProto = RegExp.prototype;
    const isRegExp = (v) => v !== RegExpProto && hasRegExpSource(v);
    const mapHas = uncurry(Map.prototype.has), setHas = uncurry(Set.prototype.has);
    const isMap = brand((v) => mapHas(v, v)), isSet = brand((v) => setHas(v, v));
    const isWeakMap = brand((v) => uncurry(WeakMap.prototype.has)(v, {})), isWeakSet = brand((v) => uncurry(WeakSet.prototype.has)(v, {}));
    const isWeakRef = typeof WeakRef === 'function' ? brand(uncurry(WeakRef.prototype.deref)) : () => false;
    const mapEntries = uncurry(Map.prototype.entries), setValues = uncurry(Set.prototype.values);
    const mapSet = uncurry(Map.prototype.set), setAdd = uncurry(Set.prototype.add);
    const mapIteratorNext = uncurry(Object.getPrototypeOf(new Map()[Symbol.iterator]()).next);
    const setIteratorNext = uncurry(Object.getPrototypeOf(new Set()[Symbol.iterator]()).next);
    const AB = ArrayBuffer, SAB = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : null;
    const abByteLength = getter(AB.prototype, 'byteLength'), abSlice = uncurry(AB.prototype.slice);
    const abResizable = getter(AB.prototype, 'resizable'), abMax = getter(AB.prototype, 'maxByteLength');
    const abDetached = getter(AB.prototype, 'detached');
    const abTransfer = AB.prototype.transfer ? uncurry(AB.prototype.transfer) : null;
    const abResize = AB.prototype.resize ? uncurry(AB.prototype.resize) : null;
    const isArrayBuffer = brand(abByteLength);
    const isSharedArrayBuffer = SAB ? brand(getter(SAB.prototype, 'byteLength')) : () => false;
    const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
    const taBuffer = getter(TypedArrayProto, 'buffer'), taOffset = getter(TypedArrayProto, 'byteOffset');
    const taByteLength = getter(TypedArrayProto, 'byteLength'), taLength = getter(TypedArrayProto, 'length');
    const taTag = getter(TypedArrayProto, Symbol.toStringTag), taAt = uncurry(TypedArrayProto.at);
    const dvBuffer = getter(DataView.prototype, 'buffer'), dvOffset = getter(DataView.prototype, 'byteOffset');
    const dvByteLength = getter(DataView.prototype, 'byteLength');
    const isDataView = brand(dvBuffer);
    const U8 = Uint8Array, u8Set = uncurry(Uint8Array.prototype.set);
    const views = {
        Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
        Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
    };
    if (typeof Float16Array === 'function') views.Float16Array = Float16Array;
    const errors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
    const DOMException = g.DOMException;
    const isBlob = internal.isBlob, isFile = internal.isFile;
    // Platform prototypes of what the realm sets up on first use (realm/lazy.js): taken by these hooks when it does;
    // until then no value can be one of them, and cloning does not set them up.
    const lazyPlatform = [];
    // The streams library's classes (streams.js runs it on first use, and this hook with it).
    let ReadableStream = null, streamLocked = null, streamGetReader = null;
    internal.onLoaded('streams', (lib) => {
        streamLocked = getter(lib.ReadableStream.prototype, 'locked');
        streamGetReader = uncurry(lib.ReadableStream.prototype.getReader);
        const names = ['WritableStream', 'TransformStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
            'WritableStreamDefaultWriter'];
        for (let i = 0; i < names.length; i++) lazyPlatform.push(lib[names[i]].prototype);
        ReadableStream = lib.ReadableStream;
    });
    internal.onLoaded('subtle', (parts) => { lazyPlatform.push(parts.SubtleCrypto.prototype, parts.CryptoKey.prototype); });
    internal.onLoaded('messaging', (parts) => {
        lazyPlatform.push(parts.MessageChannel.prototype, parts.MessagePort.prototype, parts.MessageEvent.prototype);
    });
    const isReadableStream = (v) => ReadableStream !== null && brand(streamLocked)(v);
    const isMessagePort = internal.isMessagePort, isDetachedMessagePort = internal.isDetachedMessagePort;
    const transferMessagePort = internal.transferMessagePort;
    // Platform objects of this runtime that are neither serialisable nor transferable.
    const platform = ['Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'EventTarget', 'Event', 'AbortController',
        'AbortSignal', 'FormData', 'TextEncoder', 'TextDecoder',
        'TextEncoderStream', 'TextDecoderStream', 'CompressionStream', 'DecompressionStream', 'Crypto']
        .filter((name) => typeof g[name] === 'function' && g[name].prototype).map((name) => g[name].prototype);

    const cloneError = (message) => new DOMException(message, 'DataCloneError');
    const describe = (v) => { try { return Object.prototype.toString.call(v); } catch (e) { return 'object'; } };

    function isPlatform(v) {
        for (const proto of platform) if (isPrototypeOf(proto, v)) return true;
        for (let i = 0; i < lazyPlatform.length; i++) if (isPrototypeOf(lazyPlatform[i], v)) return true;
        return false;
    }

    // A view that follows its buffer's length (new Uint8Array(resizable) without a length): probed by resizing the
    // buffer by one byte and back, since the language offers no direct test.
    function isLengthTracking(view, buffer, offset, byteLength) {
        if (abResizable === null || abResize === null || !abResizable(buffer) || offset + byteLength !== abByteLength(buffer)) return false;
        const size = abByteLength(buffer);
        const viewLength = isDataView(view) ? dvByteLength : taByteLength;
        if (size < abMax(buffer)) {
            abResize(buffer, size + 1);
            const tracking = viewLength(view) === byteLength + 1;
            abResize(buffer, size);
            return tracking;
        }
        if (size === 0) return true;
        const last = new U8(buffer)[size - 1];
        abResize(buffer, size - 1);
        let tracking;
        try { tracking = viewLength(view) === byteLength - 1; } catch (e) { tracking = false; }
        abResize(buffer, size);
        new U8(buffer)[size - 1] = last;
        return tracking;
    }

    function copyBuffer(buffer) {
        if (abDetached !== null && abDetached(buffer)) throw cloneError('a detached ArrayBuffer could not be cloned');
        if (abResizable !== null && abResizable(buffer)) {
            const copy = new AB(abByteLength(buffer), { maxByteLength: abMax(buffer) });
            u8Set(new U8(copy), new U8(buffer));
            return copy;
        }
        return abSlice(buffer, 0);
    }

    // How deep serialize() is in objects now, and how deep a caller allows (internal.cloneSerialize): RPC bounds it
    // so that a deeply nested value is refused before it exhausts the stack (a stack overflow is costly here).
    let nesting = 0, maxNesting = Infinity;

    // StructuredSerializeInternal: value -> record ({ k: kind, ... }); memory maps objects to their records.
    function serialize(value, memory) {
        const type = typeof value;
        if (type === 'symbol') throw cloneError(`${String(value)} could not be cloned`);
        if (value === null || (type !== 'object' && type !== 'function')) return { k: 'primitive', v: value };
        if (memory.has(value)) return memory.get(value);
        if (type === 'function') throw cloneError(`function ${String(value.name || '')} could not be cloned`);
        if (++nesting > maxNesting) {
            nesting--;
            throw cloneError(`the value is nested more than ${maxNesting} levels deep`);
        }
        try {
            let r;
            // An Array (or a Proxy of one) has none of the internal slots tested below: tested first, it is
            // serialised without a failed brand check (each costs an exception; RPC arguments are an array).
            if (isArray(value)) {
                r = { k: 'Array', length: value.length, props: [] };
                memory.set(value, r);
                serializeProps(value, r, memory);
                return r;
            }
            if (isBoolean(value)) r = { k: 'Boolean', v: booleanValue(value) };
            else if (isNumber(value)) r = { k: 'Number', v: numberValue(value) };
            else if (isBigInt(value)) r = { k: 'BigInt', v: bigintValue(value) };
            else if (isString(value)) r = { k: 'String', v: stringValue(value) };
            else if (isSymbol(value)) throw cloneError('a Symbol object could not be cloned');
            else if (isDate(value)) r = { k: 'Date', v: dateValue(value) };
            else if (isRegExp(value)) r = { k: 'RegExp', source: regexpSource(value), flags: regexpFlags(value) };
            else if (isArrayBuffer(value)) r = { k: 'ArrayBuffer', buffer: copyBuffer(value) };
            else if (isSharedArrayBuffer(value)) r = { k: 'SharedArrayBuffer', buffer: value };
            else if (isView(value)) {
                const dataView = isDataView(value);
                const buffer = dataView ? dvBuffer(value) : taBuffer(value);
                let offset, byteLength, length;
                try {
                    offset = dataView ? dvOffset(value) : taOffset(value);
                    byteLength = dataView ? dvByteLength(value) : taByteLength(value);
                    length = dataView ? byteLength : taLength(value);
                } catch (e) {
                    throw cloneError('an out-of-bounds view could not be cloned');
                }
                // A typed array out of its (shrunk) buffer's bounds reports zeros; the %TypedArray% methods refuse it.
                if (!dataView) {
                    try { taAt(value, 0); } catch (e) { throw cloneError('an out-of-bounds or detached view could not be cloned'); }
                }
                const tracking = isArrayBuffer(buffer) && isLengthTracking(value, buffer, offset, byteLength);
                r = { k: 'View', ctor: dataView ? 'DataView' : taTag(value), offset, length: tracking ? undefined : length };
                memory.set(value, r);
                r.buffer = serialize(buffer, memory);
                return r;
            } else if (isMap(value)) {
                r = { k: 'Map', entries: [] };
                memory.set(value, r);
                const pairs = [];
                for (const it = mapEntries(value); ;) { const n = mapIteratorNext(it); if (n.done) break; pairs.push(n.value); }
                for (const [key, v] of pairs) r.entries.push([serialize(key, memory), serialize(v, memory)]);
                return r;
            } else if (isSet(value)) {
                r = { k: 'Set', values: [] };
                memory.set(value, r);
                const items = [];
                for (const it = setValues(value); ;) { const n = setIteratorNext(it); if (n.done) break; items.push(n.value); }
                for (const v of items) r.values.push(serialize(v, memory));
                return r;
            } else if (isFile(value)) {
                r = { k: 'File', bytes: internal.blobBytes(value), type: internal.blobType(value), name: internal.fileName(value),
                    lastModified: internal.fileLastModified(value) };
            } else if (isBlob(value)) {
                r = { k: 'Blob', bytes: internal.blobBytes(value), type: internal.blobType(value) };
            } else if (DOMException && isPrototypeOf(DOMException.prototype, value)) {
                r = { k: 'DOMException', name: `${value.name}`, message: `${value.message}` };
            } else if (isPrototypeOf(Error.prototype, value) || value === Error.prototype) {
                r = serializeError(value, memory);
                return r;
            } else if (isWeakMap(value) || isWeakSet(value) || isWeakRef(value) || isPrototypeOf(Promise.prototype, value)
                || isPlatform(value) || isReadableStream(value)) {
                throw cloneError(`${describe(value)} could not be cloned`);
            } else {
                r = { k: 'Object', props: [] };
                memory.set(value, r);
                serializeProps(value, r, memory);
                return r;
            }
            memory.set(value, r);
            return r;
        } finally {
            nesting--;
        }
    }

    function serializeProps(value, r, memory) {
        for (const key of keys(value)) {
            if (hasOwn(value, key)) r.props.push([key, serialize(value[key], memory)]);
        }
    }

    function serializeError(value, memory) {
        const name = value.name;
        const r = { k: 'Error', name: hasOwn(errors, name) && typeof name === 'string' ? name : 'Error' };
        memory.set(value, r);
        const message = getOwnPropertyDescriptor(value, 'message');
        if (message !== undefined && 'value' in message) r.message = `${message.value}`;
        if (hasOwn(value, 'cause')) r.cause = serialize(value.cause, memory);
        const stack = getOwnPropertyDescriptor(value, 'stack');
        if (stack !== undefined && 'value' in stack && typeof stack.value === 'string') r.stack = stack.value;
        return r;
    }

    // StructuredDeserialize: record -> new value; memory maps records to the values made from them.
    function deserialize(r, memory, transferred) {
        if (r.k === 'primitive') return r.v;
        if (memory.has(r)) return memory.get(r);
        let out;
        switch (r.k) {
            case 'Boolean': case 'Number': case 'String': case 'BigInt': out = Object(r.v); break;
            case 'Date': out = new Date(r.v); break;
            case 'RegExp': out = new RegExp(r.source, r.flags); break;
            case 'ArrayBuffer': out = r.buffer; break;
            case 'SharedArrayBuffer': out = r.buffer; break;
            case 'Transferred': out = transferred[r.index]; break;
            case 'View': {
                const buffer = deserialize(r.buffer, memory, transferred);
                const Ctor = views[r.ctor];
                out = r.length === undefined ? new Ctor(buffer, r.offset) : new Ctor(buffer, r.offset, r.length);
                break;
            }
            case 'Map':
                out = new Map(); memory.set(r, out);
                for (const [k, v] of r.entries) mapSet(out, deserialize(k, memory, transferred), deserialize(v, memory, transferred));
                return out;
            case 'Set':
                out = new Set(); memory.set(r, out);
                for (const v of r.values) setAdd(out, deserialize(v, memory, transferred));
                return out;
            case 'Blob': out = internal.blobFromBytes(r.bytes, r.type); break;
            case 'File': out = internal.fileFromBytes(r.bytes, r.name, r.type, r.lastModified); break;
            case 'DOMException': out = new DOMException(r.message, r.name); break;
            case 'Error': {
                out = new errors[r.name]();
                memory.set(r, out);
                if (r.message !== undefined) defineProperty(out, 'message', { value: r.message, writable: true, configurable: true, enumerable: false });
                if (r.stack !== undefined) defineProperty(out, 'stack', { value: r.stack, writable: true, configurable: true, enumerable: false });
                if ('cause' in r) defineProperty(out, 'cause', { value: deserialize(r.cause, memory, transferred), writable: true, configurable: true, enumerable: false });
                return out;
            }
            case 'Array':
                out = new Array(r.length); memory.set(r, out);
                for (const [k, v] of r.props) defineProperty(out, k, { value: deserialize(v, memory, transferred), writable: true, enumerable: true, configurable: true });
                return out;
            case 'Object':
                out = {}; memory.set(r, out);
                for (const [k, v] of r.props) defineProperty(out, k, { value: deserialize(v, memory, transferred), writable: true, enumerable: true, configurable: true });
                return out;
            case 'ReadableStream': out = r.stream; break;
            case 'MessagePort': out = r.port; break;
            default: throw new TypeError(`structuredClone: unknown record kind ${r.k}`);
        }
        memory.set(r, out);
        return out;
    }

    // The transfer half of a ReadableStream in one realm: a new stream that reads the original, which stays locked.
    function transferStream(stream) {
        const reader = streamGetReader(stream);
        return new ReadableStream({
            pull(controller) {
                return reader.read().then((result) => {
                    if (result.done) controller.close();
                    else controller.enqueue(structuredClone(result.value));
                });
            },
            cancel(reason) { return reader.cancel(reason); },
        }, { highWaterMark: 0 });
    }

    function transferList(options) {
        if (options === undefined || options === null) return [];
        if (typeof options !== 'object' && typeof options !== 'function') throw new TypeError('structuredClone: options must be an object');
        const transfer = options.transfer;
        if (transfer === undefined) return [];
        if (transfer === null || typeof transfer !== 'object' || typeof transfer[Symbol.iterator] !== 'function') {
            throw new TypeError('structuredClone: options.transfer must be a sequence of objects');
        }
        const list = [];
        for (const item of transfer) {
            if (item === null || (typeof item !== 'object' && typeof item !== 'function')) {
                throw new TypeError('structuredClone: options.transfer must contain only objects');
            }
            list.push(item);
        }
        return list;
    }

    // StructuredSerializeWithTransfer + StructuredDeserializeWithTransfer: { value, transferred } where transferred[i]
    // is what list[i] became on the receiving side.
    function cloneWithTransfer(value, list) {
        const memory = new Map();
        const records = [];
        for (let i = 0; i < list.length; i++) {
            const item = list[i];
            if (memory.has(item)) throw cloneError('structuredClone: the transfer list contains the same object twice');
            let record;
            if (isArrayBuffer(item)) {
                if (abDetached !== null && abDetached(item)) throw cloneError('a detached ArrayBuffer could not be transferred');
                record = { k: 'Transferred', index: i };
            } else if (isReadableStream(item)) {
                if (streamLocked(item)) throw cloneError('a locked ReadableStream could not be transferred');
                record = { k: 'ReadableStream' };
            } else if (isMessagePort(item)) {
                if (isDetachedMessagePort(item)) throw cloneError('a detached MessagePort could not be transferred');
                record = { k: 'MessagePort' };
            } else {
                throw cloneError(`${describe(item)} could not be transferred`);
            }
            memory.set(item, record);
            records.push(record);
        }
        const serialized = serialize(value, memory);
        const transferred = [];
        for (let i = 0; i < list.length; i++) {
            if (records[i].k === 'Transferred') {
                if (abTransfer === null) throw cloneError('ArrayBuffer transfer is not supported by this engine');
                transferred[i] = abTransfer(list[i]);
            } else if (records[i].k === 'MessagePort') {
                transferred[i] = records[i].port = transferMessagePort(list[i]);
            } else {
                transferred[i] = records[i].stream = transferStream(list[i]);
            }
        }
        return { value: deserialize(serialized, new Map(), transferred), transferred };
    }

    function structuredClone(value, options = undefined) {
        if (arguments.length === 0) throw new TypeError('structuredClone: 1 argument required, but only 0 present');
        return cloneWithTransfer(value, transferList(options)).value;
    }

    internal.cloneWithTransfer = cloneWithTransfer;
    // StructuredSerialize alone (no transfer list): the record graph RPC encodes for another realm (env/rpc.js).
    internal.cloneSerialize = (value, maxDepth) => {
        const outer = maxNesting;
        maxNesting = maxDepth;
        try {
            return serialize(value, new Map());
        } finally {
            maxNesting = outer;
        }
    };
    internal.structuredClone = structuredClone;
    g.structuredClone = structuredClone;
    defineProperty(g, 'structuredClone', { enumerable: false });
})
