// Globals whose set-up runs in a realm only when the realm first needs them: internal.lazyGlobals(names, load).
// Until then each name is an accessor on the global object (not enumerable, configurable, like the built-ins); reading
// one runs load() and replaces every one of them the worker left alone with the plain data property of the built-ins
// (writable, configurable, not enumerable); assigning one first replaces just that one with the worker's value.
// load() runs once per realm (the caller's to guarantee) and returns an object with a value per name; it runs after
// tenant code, so it should run its set-up inside internal.pristine (realm/pristine.js). Returns settle(): load(),
// then the accessors replaced, then load()'s object; for the prelude's own first use (a body that makes a stream).
// Used by streams/streams.js (the streams library), crypto/crypto.js (crypto.subtle, CryptoKey, SubtleCrypto) and
// messaging/messaging.js (MessageChannel, MessagePort, MessageEvent).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const defineProperty = Object.defineProperty, getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
    const apply = Reflect.apply, hasOwn = Object.prototype.hasOwnProperty;
    const plain = (name, value) => defineProperty(g, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });

    // Index loops, not for-of, and null-prototype descriptors: settle() runs after tenant code, which may have
    // replaced the array iterator or put `get` on Object.prototype.
    internal.lazyGlobals = (names, load) => {
        const accessors = { __proto__: null };
        let settled = null;   // load()'s object once the accessors were replaced: later calls (a blob's every stream) cost nothing
        const settle = () => {
            if (settled !== null) return settled;
            const values = load();
            for (let i = 0; i < names.length; i++) {
                const name = names[i], d = getOwnPropertyDescriptor(g, name);
                if (d !== undefined && apply(hasOwn, d, ['get']) && d.get === accessors[name]) plain(name, values[name]);
            }
            settled = values;
            return values;
        };
        for (let i = 0; i < names.length; i++) {
            const name = names[i];
            const get = function () { return settle()[name]; };
            accessors[name] = get;
            defineProperty(g, name, { __proto__: null, get, set(value) { plain(name, value); }, configurable: true, enumerable: false });
        }
        return settle;
    };
})
