// Streams Standard: ReadableStream, WritableStream, TransformStream and the queuing strategies, from the
// WHATWG reference implementation (npm web-streams-polyfill, loaded before this file as internal.lib).
// This file only decides what becomes a global, as non-enumerable properties like the built-ins.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const lib = internal.lib['web-streams-polyfill'];
    const names = ['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
        'ReadableStreamDefaultController', 'ReadableByteStreamController', 'ReadableStreamBYOBRequest',
        'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
        'TransformStream', 'TransformStreamDefaultController',
        'ByteLengthQueuingStrategy', 'CountQueuingStrategy'];
    for (const name of names) {
        if (typeof lib[name] !== 'function') throw new Error(`streams library lacks ${name}`);
        Object.defineProperty(g, name, { value: lib[name], writable: true, configurable: true, enumerable: false });
    }
    delete internal.lib['web-streams-polyfill'];
})
