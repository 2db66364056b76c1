// Streams Standard: ReadableStream, WritableStream, TransformStream and the queuing strategies, from the
// WHATWG reference implementation (npm web-streams-polyfill, whose loader the prelude put in internal.libLoaders).
// The library runs in a realm only when the realm first needs it: when the worker reads one of these globals, or
// when a body, a blob or a clone makes a stream (internal.streams()). Until then each global is an accessor that
// loads the library and replaces itself (and its siblings) with the plain data property of the built-ins
// (writable, configurable, not enumerable); assigning one first replaces it the same way. A realm whose worker never
// touches a stream does not hold the library's ~350 functions (~40 KB of each realm).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const defineProperty = Object.defineProperty, getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
    const names = ['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
        'ReadableStreamDefaultController', 'ReadableByteStreamController', 'ReadableStreamBYOBRequest',
        'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
        'TransformStream', 'TransformStreamDefaultController',
        'ByteLengthQueuingStrategy', 'CountQueuingStrategy'];
    const loader = internal.libLoaders['web-streams-polyfill'];
    delete internal.libLoaders['web-streams-polyfill'];
    const accessors = { __proto__: null };
    const plain = (name, value) => defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
    let lib = null;

    function load() {
        if (lib !== null) return lib;
        const loaded = loader();
        for (const name of names) {
            if (typeof loaded[name] !== 'function') throw new Error(`streams library lacks ${name}`);
        }
        lib = loaded;
        for (const name of names) {
            const d = getOwnPropertyDescriptor(g, name);
            if (d !== undefined && d.get === accessors[name]) plain(name, lib[name]);
        }
        return lib;
    }
    internal.streams = load;
    internal.streamsLoaded = () => lib !== null;

    for (const name of names) {
        const get = function () { return load()[name]; };
        accessors[name] = get;
        defineProperty(g, name, {
            get,
            set(value) { plain(name, value); },
            configurable: true,
            enumerable: false,
        });
    }
})
