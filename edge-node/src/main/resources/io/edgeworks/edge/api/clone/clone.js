// HTML structured clone: structuredClone() for the serialisable types workers exchange.
(function (host, internal) {
    'use strict';
    const g = globalThis;

    function clone(value, memory) {
        if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) return value;
        if (typeof value === 'function' || typeof value === 'symbol') {
            throw new DOMException(`${String(value && value.name || typeof value)} could not be cloned`, 'DataCloneError');
        }
        if (memory.has(value)) return memory.get(value);
        let out;
        if (value instanceof Date) out = new Date(value.getTime());
        else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
        else if (value instanceof Boolean || value instanceof Number || value instanceof String) out = Object(value.valueOf());
        else if (value instanceof ArrayBuffer) out = value.slice(0);
        else if (ArrayBuffer.isView(value)) {
            const buffer = clone(value.buffer, memory);
            out = value instanceof DataView ? new DataView(buffer, value.byteOffset, value.byteLength)
                : new value.constructor(buffer, value.byteOffset, value.length);
        } else if (value instanceof Map) {
            out = new Map(); memory.set(value, out);
            for (const [k, v] of value) out.set(clone(k, memory), clone(v, memory));
            return out;
        } else if (value instanceof Set) {
            out = new Set(); memory.set(value, out);
            for (const v of value) out.add(clone(v, memory));
            return out;
        } else if (value instanceof Error) {
            const ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[value.name] || Error;
            out = new ctor(value.message);
            if (value.stack !== undefined) out.stack = value.stack;
        } else if (Array.isArray(value)) {
            out = new Array(value.length); memory.set(value, out);
            for (const k of Object.keys(value)) out[k] = clone(value[k], memory);
            return out;
        } else if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise
            || value instanceof Request || value instanceof Response || value instanceof Headers
            || value instanceof URL || value instanceof URLSearchParams || value instanceof EventTarget || value instanceof Event) {
            throw new DOMException(`${Object.prototype.toString.call(value)} could not be cloned`, 'DataCloneError');
        } else {
            out = {}; memory.set(value, out);
            for (const k of Object.keys(value)) out[k] = clone(value[k], memory);
            return out;
        }
        memory.set(value, out);
        return out;
    }

    g.structuredClone = function structuredClone(value, options = undefined) {
        if (arguments.length === 0) throw new TypeError('structuredClone: 1 argument required');
        return clone(value, new Map());
    };
    // Kept for the prelude (fetch's clone() of stream bodies), whatever tenant code later does to the global.
    internal.structuredClone = g.structuredClone;
})
