package io.edgeworks.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the prelude sets up in a realm only when the realm first needs it (realm/lazy.js): the streams library
 * (streams.js) and crypto.subtle with SubtleCrypto and CryptoKey (crypto.js), set up with the realm's built-ins as
 * the prelude left them (realm/pristine.js), whatever the worker replaced or added before. Each
 * {@link PreludeScripts#run} is a fresh realm.
 */
class LazySetUpTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    /** Whether the realm has run the library: its globals are the loader's accessors until then. */
    private static final String LOADED = "(Object.getOwnPropertyDescriptor(globalThis, 'ReadableStream').get === undefined)";

    @Test
    void aRealmThatMakesNoStreamDoesNotRunTheLibrary() throws Exception {
        assertEquals("false:hi:{\"a\":1}:false", scripts.run("""
                const before = %1$s;
                const text = await new Response('hi').text();
                const json = JSON.stringify(await new Request('http://x/', { method: 'POST', body: '{"a":1}' }).json());
                return before + ':' + text + ':' + json + ':' + %1$s;
                """.formatted(LOADED)));
    }

    @Test
    void randomValuesDoNotSetUpSubtleCryptoAndItsFirstUseDoes() throws Exception {
        assertEquals("true:36:accessor:object:true:true:data:function", scripts.run("""
                const kind = (name) => Object.getOwnPropertyDescriptor(globalThis, name).get === undefined ? 'data' : 'accessor';
                const random = crypto.getRandomValues(new Uint8Array(8)).length === 8;
                const uuid = crypto.randomUUID().length;
                const before = kind('CryptoKey');
                const subtle = crypto.subtle;
                return [random, uuid, before, typeof subtle, subtle === crypto.subtle, subtle instanceof SubtleCrypto,
                    kind('CryptoKey'), typeof CryptoKey].join(':');
                """));
    }

    @Test
    void channelMessagingIsSetUpOnFirstUseAndStructuredCloneTransfersItsPorts() throws Exception {
        assertEquals("accessor:3:data:true:posted", scripts.run("""
                const kind = (name) => Object.getOwnPropertyDescriptor(globalThis, name).get === undefined ? 'data' : 'accessor';
                const before = kind('MessagePort');
                const cloned = structuredClone({ a: [1, 2, 3] }).a.length;
                const { port1, port2 } = new MessageChannel();
                const moved = structuredClone(port2, { transfer: [port2] });
                const text = await new Promise((resolve) => {
                    moved.onmessage = (e) => resolve(e.data);
                    port1.postMessage('posted');
                });
                return [before, cloned, kind('MessagePort'), moved instanceof MessagePort, text].join(':');
                """));
    }

    @Test
    void theFirstStreamRunsItAndTheGlobalsBecomePlainDataProperties() throws Exception {
        assertEquals("true:true:false:true:function:honest", scripts.run("""
                const body = new Response('honest').body;
                const loaded = %s;
                const d = Object.getOwnPropertyDescriptor(globalThis, 'TransformStream');
                return [loaded, d.writable, d.enumerable, d.configurable, typeof d.value,
                    await new Response(body).text()].join(':');
                """.formatted(LOADED)));
    }

    @Test
    void aGlobalTheWorkerAssignsFirstIsTheWorkersAndBodiesStillStream() throws Exception {
        assertEquals("mine:object:honest", scripts.run("""
                globalThis.ReadableStream = 'mine';
                const body = new Response('honest').body;
                return [ReadableStream, typeof body, await new Response(body).text()].join(':');
                """));
    }

    /**
     * Everything the library and the prelude's hooks read of the built-ins while they set themselves up is recorded
     * by realm/pristine.js (its READS): every configurable data property reachable from the global object (through
     * values and prototypes, four levels deep) is made an accessor that logs its reads, then the worker's first
     * {@code ReadableStream} runs the library, its first {@code crypto.subtle} and {@code MessageChannel} set those up. The window puts the recorded ones back as plain data properties, so a
     * logged read is one of a property not recorded, which a worker could have replaced beforehand.
     */
    @Test
    void theLazySetUpReadsOnlyRecordedBuiltIns() throws Exception {
        String result = scripts.run("""
                const R = Reflect, ownKeys = R.ownKeys, getD = R.getOwnPropertyDescriptor, defP = R.defineProperty;
                const getP = R.getPrototypeOf;
                const log = new Set();
                let on = false;
                const add = (label) => { if (on) { on = false; log.add(label); on = true; } };
                const seen = new Map([[globalThis, 'globalThis']]);
                const queue = [[globalThis, 'globalThis', 0]];
                for (let q = 0; q < queue.length; q++) {
                    const [o, name, depth] = queue[q];
                    if (depth === 4) continue;
                    const next = [];
                    for (const k of ownKeys(o)) {
                        const d = getD(o, k);
                        if ('value' in d && d.value !== null && (typeof d.value === 'object' || typeof d.value === 'function')
                            && !seen.has(d.value)) next.push([d.value, name + '.' + String(k), depth + 1]);
                    }
                    const p = getP(o);
                    if (p !== null && !seen.has(p)) next.push([p, name + '.__proto__', depth + 1]);
                    for (const n of next) { seen.set(n[0], n[1]); queue.push(n); }
                }
                let wrapped = 0;
                for (const [o, name] of queue) {
                    for (const k of ownKeys(o)) {
                        const d = getD(o, k);
                        if (!d.configurable || !('value' in d)) continue;
                        const label = name + '.' + String(k);
                        let value = d.value;
                        if (defP(o, k, { __proto__: null, configurable: true, enumerable: d.enumerable,
                            get() { add(label); return value; }, set(v) { value = v; } })) wrapped++;
                    }
                }
                const cryptoObject = crypto;   // the test's own read, before logging starts
                on = true;
                const kind = typeof ReadableStream + ',' + typeof cryptoObject.subtle + ',' + typeof MessageChannel;
                on = false;
                return (wrapped > 1000 ? 'many wrapped' : wrapped + ' wrapped') + ':' + kind + ':' + [...log].join(' ');
                """);
        assertEquals("many wrapped:function,object,function:", result);
    }

    /**
     * The worker replaces every configurable function of the built-ins the library reads, adds {@code get} and
     * {@code set} to Object.prototype, an index setter to Array.prototype and its own {@code Promise} global, and
     * only then reads {@code ReadableStream}, which runs the library. Its state is exactly its own afterwards, and
     * once it puts the built-ins back its streams work: the library captured the realm's, not the worker's traps
     * (without realm/pristine.js it captures {@code Promise.prototype.then} and the rest of them).
     */
    @Test
    void theLibraryCapturesTheRealmsBuiltInsNotWhatTheWorkerReplaced() throws Exception {
        assertEquals("ran:worker-state-kept:honest:baad:true:posted", scripts.run("""
                const R = Reflect, ownKeys = R.ownKeys, getD = R.getOwnPropertyDescriptor, defP = R.defineProperty;
                const delP = R.deleteProperty, getP = R.getPrototypeOf;
                const roots = [Object, Object.prototype, Function.prototype, Array, Array.prototype,
                    getP([][Symbol.iterator]()), Promise, Promise.prototype, Symbol, Number, Math, Reflect, JSON,
                    String.prototype, ArrayBuffer.prototype, DataView.prototype, getP(Uint8Array).prototype,
                    Map.prototype, Set.prototype, WeakMap.prototype];
                const RealPromise = Promise, realThen = Promise.prototype.then, TextEncoderC = TextEncoder;
                const ResponseC = Response;
                const trap = function () { throw new TypeError('poisoned'); };
                const saved = [];
                for (let r = 0; r < roots.length; r++) {
                    const keys = ownKeys(roots[r]);
                    for (let i = 0; i < keys.length; i++) {
                        const d = getD(roots[r], keys[i]);
                        if (d.configurable && typeof d.value === 'function') {
                            saved[saved.length] = [roots[r], keys[i], d];
                            defP(roots[r], keys[i], { __proto__: null, value: trap, writable: true, configurable: true });
                        }
                    }
                }
                const FakePromise = function Promise() { throw new TypeError('poisoned'); };
                const realPromiseDescriptor = getD(globalThis, 'Promise');
                defP(globalThis, 'Promise', { __proto__: null, value: FakePromise, writable: true, configurable: true });
                defP(Array.prototype, '0', { __proto__: null, set: trap, configurable: true });
                defP(Object.prototype, 'get', { __proto__: null, value: trap, writable: true, configurable: true });
                defP(Object.prototype, 'set', { __proto__: null, value: trap, writable: true, configurable: true });

                const ran = typeof ReadableStream === 'function' && typeof crypto.subtle === 'object'
                    && typeof MessageChannel === 'function' ? 'ran' : 'did not run';
                const kept = getD(RealPromise.prototype, 'then').value === trap && globalThis.Promise === FakePromise
                    && getD(Object.prototype, 'get').value === trap && getD(Array.prototype, '0').set === trap
                    ? 'worker-state-kept' : 'worker-state-changed';

                delP(Object.prototype, 'get');
                delP(Object.prototype, 'set');
                delP(Array.prototype, '0');
                defP(globalThis, 'Promise', realPromiseDescriptor);
                for (let i = 0; i < saved.length; i++) defP(saved[i][0], saved[i][1], saved[i][2]);

                const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoderC().encode('honest')); c.close(); } });
                const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoderC().encode('abc')));
                const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
                const channel = new MessageChannel();
                const message = await new Promise((resolve) => {
                    channel.port2.onmessage = (e) => resolve(e.data.text);
                    channel.port1.postMessage({ text: 'posted' });
                });
                return [ran, kept, await new ResponseC(body).text(), digest[0].toString(16) + digest[31].toString(16),
                    key instanceof CryptoKey, message].join(':');
                """));
    }

    /** A worker that patches {@code Promise.prototype.then} before its first stream (the forged-response fixture). */
    @Test
    void aThenPatchedBeforeTheFirstStreamIsNotTheLibrarys() throws Exception {
        assertEquals("honest:0", scripts.run("""
                const original = Promise.prototype.then;
                let calls = 0;
                Promise.prototype.then = function (ok, fail) { calls++; return original.call(this, ok, fail); };
                const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('honest')); c.close(); } });
                const byLibrary = calls;
                Promise.prototype.then = original;
                return (await new Response(body).text()) + ':' + byLibrary;
                """));
    }
}
