// Parts of the Web APIs a realm sets up only when it first needs them: internal.lazyGlobals(part, names, setUp).
// Until then each global in names is an accessor on the global object (not enumerable, configurable, like the
// built-ins); reading one sets the part up and replaces every one of them the worker left alone with the plain data
// property of the built-ins (writable, configurable, not enumerable); assigning one first replaces just that one with
// the worker's value. Setting up, once per realm, means: setUp() (an object with a value per name, and whatever else
// the part shares with the prelude), then the hooks other prelude scripts registered for the part
// (internal.onLoaded(part, hook), each given setUp's object), all inside internal.pristine (realm/pristine.js): with
// the built-ins as the prelude left them, since tenant code has run by then. A set-up that throws is tried again at
// the next use. Returns settle(), which sets the part up if need be and returns setUp's object: the prelude's own
// first use (a body that makes a stream); internal.loadedPart(part) is that object, or null before the set-up.
// Parts: 'streams' (streams/streams.js: the streams library), 'subtle' (crypto/crypto.js: crypto.subtle,
// SubtleCrypto, CryptoKey), 'messaging' (messaging/messaging.js: MessageChannel, MessagePort, MessageEvent).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const defineProperty = Object.defineProperty, getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
    const apply = Reflect.apply, hasOwn = Object.prototype.hasOwnProperty;
    const plain = (name, value) => defineProperty(g, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });

    // Index loops, not for-of, and null-prototype descriptors: settle() runs after tenant code, which may have
    // replaced the array iterator or put `get` on Object.prototype.
    const hooks = { __proto__: null };   // part -> the hooks registered for it (prelude set-up time only)
    const loaded = { __proto__: null };  // part -> setUp's object, once set up
    internal.onLoaded = (part, hook) => {
        if (hooks[part] === undefined) hooks[part] = [];
        hooks[part].push(hook);
    };
    internal.loadedPart = (part) => loaded[part] === undefined ? null : loaded[part];
    internal.lazyGlobals = (part, names, setUp) => {
        if (hooks[part] === undefined) hooks[part] = [];
        const partHooks = hooks[part];
        const accessors = { __proto__: null };
        const setUpWithHooks = () => {
            const values = setUp();
            for (let i = 0; i < partHooks.length; i++) partHooks[i](values);
            return values;
        };
        const settle = () => {
            const done = loaded[part];   // set once the accessors were replaced: later calls (a blob's every stream) cost nothing
            if (done !== undefined) return done;
            const values = internal.pristine(setUpWithHooks);
            for (let i = 0; i < names.length; i++) {
                const name = names[i], d = getOwnPropertyDescriptor(g, name);
                if (d !== undefined && apply(hasOwn, d, ['get']) && d.get === accessors[name]) plain(name, values[name]);
            }
            loaded[part] = values;
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
