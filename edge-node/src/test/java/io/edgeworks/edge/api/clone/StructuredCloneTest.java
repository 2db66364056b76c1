package io.edgeworks.edge.api.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** structuredClone (clone.js) and channel messaging (messaging.js) as a tenant uses them. */
class StructuredCloneTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void graphsKeepSharingCyclesAndTypes() throws Exception {
        String out = scripts.run("""
                const shared = { n: 1n };
                const err = new RangeError('bad', { cause: shared });
                err.extra = 'dropped';
                const input = { a: shared, b: [shared, new Map([[shared, new Set([err])]])], blob: new File(['x'], 'f.txt') };
                input.self = input;
                const copy = structuredClone(input);
                const copiedErr = [...copy.b[1].get(copy.a)][0];
                return [copy !== input, copy.self === copy, copy.a === copy.b[0], copiedErr instanceof RangeError,
                        copiedErr.cause === copy.a, copiedErr.extra, copy.blob instanceof File, copy.blob.name,
                        await copy.blob.text()].join('|');
                """);
        assertEquals("true|true|true|true|true||true|f.txt|x", out);
    }

    @Test
    void uncloneableValuesThrowDataCloneErrorBeforeAnythingIsTransferred() throws Exception {
        String out = scripts.run("""
                const buffer = new ArrayBuffer(8);
                const names = [];
                for (const value of [() => 1, Symbol('s'), new Response('x'), new WeakMap(), Promise.resolve()]) {
                    try { structuredClone({ buffer, value }, { transfer: [buffer] }); names.push('cloned'); }
                    catch (e) { names.push(e.name); }
                }
                try { structuredClone(new Blob(), { transfer: [new Blob()] }); } catch (e) { names.push(e.name); }
                return names.join(',') + '|' + buffer.byteLength;
                """);
        assertEquals("DataCloneError,DataCloneError,DataCloneError,DataCloneError,DataCloneError,DataCloneError|8", out);
    }

    @Test
    void messagePortsDeliverClonesAndTransfers() throws Exception {
        String out = scripts.run("""
                const { port1, port2 } = new MessageChannel();
                const extra = new MessageChannel();
                const buffer = new Uint8Array([1, 2, 3]).buffer;
                const received = new Promise(resolve => { port2.onmessage = (e) => resolve(e); });
                const payload = { buffer, note: 'hi' };
                port1.postMessage(payload, [buffer, extra.port1]);
                payload.note = 'changed';
                const event = await received;
                const reply = new Promise(resolve => { extra.port2.onmessage = (e) => resolve(e.data); });
                event.ports[0].postMessage('through the transferred port');
                let second = 'none';
                try { structuredClone(extra.port1, { transfer: [extra.port1] }); } catch (e) { second = e.name; }
                return [event.data.note, new Uint8Array(event.data.buffer).join(','), buffer.byteLength, event.ports.length,
                        await reply, second].join('|');
                """);
        assertEquals("hi|1,2,3|0|1|through the transferred port|DataCloneError", out);
    }
}
