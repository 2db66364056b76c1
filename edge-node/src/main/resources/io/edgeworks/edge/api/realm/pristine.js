// The realm's intrinsics as the prelude left them, and internal.pristine(fn): runs fn with them put back.
//
// Some of the prelude runs only when a worker first needs it (the streams library: streams/streams.js), that is
// after tenant code has run and may have replaced or added to the built-ins: `Promise.prototype.then`, a getter
// named `get` on Object.prototype (which turns every descriptor literal into an accessor), `globalThis.Promise`,
// the array iterator's `next` (which destructuring calls). Code that captures built-ins while it sets itself up
// would capture the tenant's, and the realm's streams would then be the tenant's to break (the hostile fixture
// forged-response did exactly that). So this script, evaluated after every other prelude script but the entrypoint
// and before any tenant code, records the own properties (values, accessors, attributes) and the prototype of each
// built-in object such code reads; pristine(fn) puts back every one that differs, hides what was added to the
// built-ins other than the global object (whose own additions are the worker's globals), runs fn, and then restores
// the worker's state exactly, in reverse order, whatever fn did or threw. A property the worker made
// non-configurable cannot be put back (nor hidden); fn then sees the worker's own choice, in the worker's own realm.
//
// Kept small (three array slots per recorded property, ~8 KB of each realm), and no work until a lazy set-up runs.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const apply = Reflect.apply, ownKeys = Reflect.ownKeys, getDescriptor = Reflect.getOwnPropertyDescriptor;
    const define = Reflect.defineProperty, remove = Reflect.deleteProperty;
    const getPrototype = Reflect.getPrototypeOf, setPrototype = Reflect.setPrototypeOf;
    const hasOwn = Object.prototype.hasOwnProperty;
    const own = (object, key) => apply(hasOwn, object, [key]);
    const WRITABLE = 1, ENUMERABLE = 2, CONFIGURABLE = 4, ACCESSOR = 8;

    const TypedArray = getPrototype(Uint8Array);
    const arrayIterator = getPrototype([][Symbol.iterator]());
    const asyncGeneratorFunction = getPrototype(async function* () { });
    const roots = [globalThis, Object, Object.prototype, Function, Function.prototype, Array, Array.prototype,
        arrayIterator, getPrototype(arrayIterator), asyncGeneratorFunction, asyncGeneratorFunction.prototype,
        getPrototype(asyncGeneratorFunction.prototype), Promise, Promise.prototype, Symbol, Symbol.prototype, Number,
        Math, Reflect, JSON, String, String.prototype, Error, Error.prototype, TypeError, TypeError.prototype, RangeError,
        RangeError.prototype, ArrayBuffer, ArrayBuffer.prototype, DataView, DataView.prototype, TypedArray,
        TypedArray.prototype, Uint8Array, Uint8Array.prototype, Map, Map.prototype, Set, Set.prototype, WeakMap,
        WeakMap.prototype, WeakSet, WeakSet.prototype];

    function flagsOf(d) {
        return (d.writable ? WRITABLE : 0) | (d.enumerable ? ENUMERABLE : 0) | (d.configurable ? CONFIGURABLE : 0)
            | (own(d, 'get') ? ACCESSOR : 0);
    }

    // One flat array of exact length (no per-root arrays, no spare capacity: it is in every realm): for each root
    // its prototype and property count, then per property its key, value (an accessor's: a null-prototype
    // { get, set }) and attribute flags. ~600 properties, ~8 KB of a realm.
    let length = 0;
    for (let r = 0; r < roots.length; r++) length += 2 + 3 * ownKeys(roots[r]).length;
    const recorded = new Array(length);
    for (let r = 0, at = 0; r < roots.length; r++) {
        const root = roots[r], keys = ownKeys(root);
        recorded[at++] = getPrototype(root);
        recorded[at++] = keys.length;
        for (let i = 0; i < keys.length; i++) {
            const d = getDescriptor(root, keys[i]), f = flagsOf(d);
            recorded[at++] = keys[i];
            recorded[at++] = (f & ACCESSOR) ? { __proto__: null, get: d.get, set: d.set } : d.value;
            recorded[at++] = f;
        }
    }

    function descriptor(value, f) {
        return (f & ACCESSOR)
            ? { __proto__: null, get: value.get, set: value.set, enumerable: (f & ENUMERABLE) !== 0, configurable: (f & CONFIGURABLE) !== 0 }
            : { __proto__: null, value, writable: (f & WRITABLE) !== 0, enumerable: (f & ENUMERABLE) !== 0, configurable: (f & CONFIGURABLE) !== 0 };
    }

    // The worker's descriptor, copied off Object.prototype (whatever the worker added there stays out of it).
    function copy(d) {
        return own(d, 'get')
            ? { __proto__: null, get: d.get, set: d.set, enumerable: d.enumerable, configurable: d.configurable }
            : { __proto__: null, value: d.value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable };
    }

    function same(d, value, f) {
        if (flagsOf(d) !== f) return false;
        return (f & ACCESSOR) ? d.get === value.get && d.set === value.set : d.value === value;
    }

    const PROTOTYPE = { __proto__: null };   // an undo entry's key for a prototype put back

    // Puts the recorded state back; each change is added to undo as [object, key, the worker's descriptor or undefined]
    // (undo is a null-prototype object, not an array: the worker may have put setters for indices on Array.prototype).
    const push = (undo, entry) => { undo[undo.length] = entry; undo.length++; };
    function restore(undo) {
        for (let r = 0, at = 0; r < roots.length; r++) {
            // (indexing, never destructuring or for-of: the worker may have replaced the array iterator's next)
            const root = roots[r], prototype = recorded[at], count = recorded[at + 1], first = at + 2;
            at = first + 3 * count;
            const current = getPrototype(root);
            if (current !== prototype && setPrototype(root, prototype)) push(undo, [root, PROTOTYPE, current]);
            // What the worker added goes first: putting back Array.prototype's recorded length 0 would otherwise
            // delete an index the worker added there, with no undo entry for it.
            if (r !== 0) {   // the global object keeps the worker's globals
                const index = { __proto__: null };
                for (let p = first; p < at; p += 3) index[recorded[p]] = true;
                const now = ownKeys(root);
                for (let i = 0; i < now.length; i++) {
                    const key = now[i];
                    if (index[key] === true) continue;
                    const d = getDescriptor(root, key);
                    if (remove(root, key)) push(undo, [root, key, copy(d)]);
                }
            }
            for (let p = first; p < at; p += 3) {
                const key = recorded[p], value = recorded[p + 1], f = recorded[p + 2], d = getDescriptor(root, key);
                if (d !== undefined && same(d, value, f)) continue;
                if (define(root, key, descriptor(value, f))) push(undo, [root, key, d === undefined ? undefined : copy(d)]);
            }
        }
    }

    function rollback(undo) {
        for (let i = undo.length - 1; i >= 0; i--) {
            const entry = undo[i], object = entry[0], key = entry[1], d = entry[2];
            if (key === PROTOTYPE) setPrototype(object, d);
            else if (d === undefined) remove(object, key);
            else define(object, key, d);
        }
    }

    let depth = 0;
    internal.pristine = function (fn) {
        if (depth > 0) return fn();
        const undo = { __proto__: null, length: 0 };
        depth++;
        try {
            restore(undo);
            return fn();
        } finally {
            depth--;
            rollback(undo);
        }
    };
})
