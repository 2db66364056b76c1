// Streams Standard: ReadableStream, WritableStream, TransformStream and the queuing strategies, from the
// WHATWG reference implementation (npm web-streams-polyfill, whose loader the prelude put in internal.libLoaders).
// The library runs in a realm only when the realm first needs it: when the worker reads one of these globals, or
// when a body, a blob or a clone makes a stream (internal.streams()); until then each global is an accessor
// (realm/lazy.js). A realm whose worker never touches a stream does not hold the library's ~350 functions (~32 KB of
// each realm, an eighth of it).
// The library runs with the realm's built-ins as the prelude left them (internal.pristine, realm/pristine.js), so
// what it captures is not what the worker may have replaced by then; so do the prelude's own hooks that take the
// library's classes (internal.onLoaded('streams', …): fetch.js, clone.js), run right after it in the same window.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const names = ['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
        'ReadableStreamDefaultController', 'ReadableByteStreamController', 'ReadableStreamBYOBRequest',
        'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
        'TransformStream', 'TransformStreamDefaultController',
        'ByteLengthQueuingStrategy', 'CountQueuingStrategy'];
    const loader = internal.libLoaders['web-streams-polyfill'];
    delete internal.libLoaders['web-streams-polyfill'];

    // The library, checked, as the 'streams' part (realm/lazy.js: once per realm, in the pristine window, then the
    // hooks of fetch.js and clone.js); internal.streams() is the prelude's own first use: a body, blob or clone's stream.
    internal.streams = internal.lazyGlobals('streams', names, function edgeworks$realmSetupStreams() {
        const exports = loader();
        for (let i = 0; i < names.length; i++) {
            if (typeof exports[names[i]] !== 'function') throw new Error(`streams library lacks ${names[i]}`);
        }
        return exports;
    });
})
