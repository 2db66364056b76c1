// The realm's intrinsics as the prelude left them, and internal.pristine(fn): runs fn with them put back.
//
// Some of the prelude runs only when a worker first needs it (realm/lazy.js: the streams library, crypto.subtle,
// channel messaging), that is after tenant code has run and may have replaced or added to the built-ins: a value
// named `get` on Object.prototype (which turns every descriptor literal into an accessor), `Promise.prototype.then`,
// `globalThis.Promise`.
// Code that captures built-ins while it sets itself up would capture the tenant's, and the realm's streams would
// then be the tenant's to break (the hostile fixture forged-response did exactly that). So this script, evaluated
// after every other prelude script but the entrypoint and before any tenant code, records
//   - READS: each built-in property that lazily run set-up code reads (the streams library's factory, crypto.js's
//     subtle part, messaging.js, the prelude's hooks run with them), with its value and attributes. The list is what that code reads, found and kept complete
//     by api.LazySetUpTest.theLazySetUpReadsOnlyRecordedBuiltIns, which makes every property reachable from the
//     global object log its reads and fails on any read of one not listed here;
//   - the own keys and prototype of the prototypes whose additions every object reaches (Object.prototype,
//     Function.prototype, Array.prototype and the iterator prototypes).
// pristine(fn) puts back every recorded property that differs, hides what was added to those prototypes, runs fn,
// and then restores the worker's state exactly, in reverse order, whatever fn did or threw. A property the worker
// made non-configurable cannot be put back (nor hidden); fn then sees the worker's own choice, in its own realm.
//
// Recording everything instead (~600 properties of ~45 built-ins) cost ~8 KB and ~3 ms of interpreted set-up in every
// realm (deploy/bench/RESULTS.md, 2026-12-05); this costs a few hundred bytes and a few dozen property reads.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const apply = Reflect.apply, ownKeys = Reflect.ownKeys, getDescriptor = Reflect.getOwnPropertyDescriptor;
    const define = Reflect.defineProperty, remove = Reflect.deleteProperty;
    const getPrototype = Reflect.getPrototypeOf, setPrototype = Reflect.setPrototypeOf;
    const hasOwn = Object.prototype.hasOwnProperty;
    const own = (object, key) => apply(hasOwn, object, [key]);
    const WRITABLE = 1, ENUMERABLE = 2, CONFIGURABLE = 4, ACCESSOR = 8;

    // Object, then the keys read on it (Function.prototype.bind reads its target's length and name).
    const READS = [
        g, ['globalThis', 'Object', 'Function', 'Promise', 'Symbol', 'Number', 'Math', 'AbortController', 'DOMException'],
        Object, ['defineProperty', 'defineProperties', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'setPrototypeOf'],
        Function.prototype, ['bind', 'call'],
        Function.prototype.call, ['length', 'name'],
        Array.prototype, ['push'],
        Promise, ['reject'],
        Promise.reject, ['length', 'name'],
        Promise.prototype, ['then'],
        Number, ['isFinite', 'isNaN'],
        Math, ['trunc'],
        g.DOMException, ['name'],
    ];
    const arrayIterator = getPrototype([][Symbol.iterator]());
    const CLOSED = [Object.prototype, Function.prototype, Array.prototype, arrayIterator, getPrototype(arrayIterator)];

    function flagsOf(d) {
        return (d.writable ? WRITABLE : 0) | (d.enumerable ? ENUMERABLE : 0) | (d.configurable ? CONFIGURABLE : 0)
            | (own(d, 'get') ? ACCESSOR : 0);
    }

    // [object, key, value (an accessor's: a null-prototype { get, set }), flags] per recorded property, flat.
    const recorded = [];
    for (let r = 0; r < READS.length; r += 2) {
        const object = READS[r], keys = READS[r + 1];
        for (let i = 0; i < keys.length; i++) {
            const d = getDescriptor(object, keys[i]), f = flagsOf(d);
            recorded.push(object, keys[i], (f & ACCESSOR) ? { __proto__: null, get: d.get, set: d.set } : d.value, f);
        }
    }
    // [own keys, prototype] per closed prototype.
    const closed = [];
    for (let c = 0; c < CLOSED.length; c++) closed.push(ownKeys(CLOSED[c]), getPrototype(CLOSED[c]));

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
    // (undo is a null-prototype object, not an array, and nothing here iterates or destructures: this runs after
    // tenant code, which may have put index setters on Array.prototype or replaced the array iterator's next).
    const push = (undo, entry) => { undo[undo.length] = entry; undo.length++; };
    function restore(undo) {
        // What the worker added goes first: putting back Array.prototype's recorded length 0 would otherwise
        // delete an index the worker added there, with no undo entry for it.
        for (let c = 0; c < CLOSED.length; c++) {
            const object = CLOSED[c], keys = closed[2 * c], prototype = closed[2 * c + 1];
            const current = getPrototype(object);
            if (current !== prototype && setPrototype(object, prototype)) push(undo, [object, PROTOTYPE, current]);
            const index = { __proto__: null };
            for (let i = 0; i < keys.length; i++) index[keys[i]] = true;
            const now = ownKeys(object);
            for (let i = 0; i < now.length; i++) {
                const key = now[i];
                if (index[key] === true) continue;
                const d = getDescriptor(object, key);
                if (remove(object, key)) push(undo, [object, key, copy(d)]);
            }
        }
        for (let p = 0; p < recorded.length; p += 4) {
            const object = recorded[p], key = recorded[p + 1], value = recorded[p + 2], f = recorded[p + 3];
            const d = getDescriptor(object, key);
            if (d !== undefined && same(d, value, f)) continue;
            if (define(object, key, descriptor(value, f))) push(undo, [object, key, d === undefined ? undefined : copy(d)]);
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
