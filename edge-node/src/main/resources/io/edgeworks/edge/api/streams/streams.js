// Streams Standard: ReadableStream, WritableStream, TransformStream and the queuing strategies, from the
// WHATWG reference implementation (npm web-streams-polyfill, whose loader the prelude put in internal.libLoaders).
// The library runs in a realm only when the realm first needs it: when the worker reads one of these globals, or
// when a body, a blob or a clone makes a stream (internal.streams()). Until then each global is an accessor that
// loads the library and replaces itself (and its siblings) with the plain data property of the built-ins
// (writable, configurable, not enumerable); assigning one first replaces it the same way. A realm whose worker never
// touches a stream does not hold the library's ~350 functions (~40 KB of each realm, a sixth of it).
// The library runs with the realm's built-ins as the prelude left them (internal.pristine, realm/pristine.js), so
// what it captures is not what the worker may have replaced by then; so do the prelude's own hooks that take the
// library's classes (internal.onStreamsLoaded: fetch.js, clone.js), run right after it in the same window.
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
    const hasOwn = Object.prototype.hasOwnProperty, apply = Reflect.apply;
    const plain = (name, value) => defineProperty(g, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
    const hooks = [];
    let lib = null;

    // Runs the library (once), then the hooks, in the pristine window; then replaces the accessors the worker left
    // in place. Index loops, not for-of: this runs after tenant code, which may have replaced the array iterator.
    function load() {
        if (lib !== null) return lib;
        const loaded = internal.pristine(() => {
            const exports = loader();
            for (let i = 0; i < names.length; i++) {
                if (typeof exports[names[i]] !== 'function') throw new Error(`streams library lacks ${names[i]}`);
            }
            for (let i = 0; i < hooks.length; i++) hooks[i](exports);
            return exports;
        });
        lib = loaded;
        for (let i = 0; i < names.length; i++) {
            const name = names[i], d = getOwnPropertyDescriptor(g, name);
            if (d !== undefined && apply(hasOwn, d, ['get']) && d.get === accessors[name]) plain(name, lib[name]);
        }
        return lib;
    }
    internal.streams = load;
    // A prelude script's hook, given the library's exports when the library runs (prelude set-up time only).
    internal.onStreamsLoaded = (hook) => { hooks.push(hook); };

    for (const name of names) {
        const get = function () { return load()[name]; };
        accessors[name] = get;
        defineProperty(g, name, {
            __proto__: null,
            get,
            set(value) { plain(name, value); },
            configurable: true,
            enumerable: false,
        });
    }
})
