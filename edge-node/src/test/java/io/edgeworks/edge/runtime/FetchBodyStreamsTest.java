package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request/Response bodies as ReadableStreams in a tenant-like realm: the prelude keeps reading streams
 * correctly whatever tenant code does to the stream globals and prototypes, and source-held bodies never
 * need a stream. (The Fetch Standard details are checked by the WPT conformance run.)
 */
class FetchBodyStreamsTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    /** Runs {@code code} (which must eventually set {@code globalThis.out}) and returns {@code out}. */
    private static String run(String code) throws Exception {
        return scripts.runUntilSet("globalThis.out = undefined;\n(async () => {\n" + code + "\n})().catch(e => { out = 'threw ' + e; });", "out");
    }

    @Test
    void streamBodiesAreReadCorrectlyAfterTenantCodeTampersWithStreamsAndPromises() throws Exception {
        String out = run("""
                const enc = new TextEncoder();
                const stream = new ReadableStream({ start(c) { c.enqueue(enc.encode('hel')); c.enqueue(enc.encode('lo')); c.close(); } });
                const response = new Response(stream);
                ReadableStream.prototype.getReader = () => { throw new Error('tampered getReader'); };
                ReadableStream.prototype.pipeTo = () => Promise.reject(new Error('tampered pipeTo'));
                Object.defineProperty(ReadableStream.prototype, 'locked', { get() { return false; } });
                globalThis.WritableStream = class { constructor() { throw new Error('tampered WritableStream'); } };
                Uint8Array.prototype.set = () => { throw new Error('tampered set'); };
                Object.prototype.then = function (ok) { delete Object.prototype.then; ok({ done: false, value: enc.encode('bye') }); };
                const text = await response.text();
                delete Object.prototype.then;
                out = text + ' used=' + response.bodyUsed;
                """);
        assertEquals("hello used=true", out);
    }

    @Test
    void bodyIsOneLazyStreamAndConsumingLocksIt() throws Exception {
        String out = run("""
                const r = new Response('abc');
                const s = r.body;
                const same = s === r.body && s instanceof ReadableStream;
                const reader = s.getReader();
                let err = '';
                try { await r.text(); } catch (e) { err = e.constructor.name; }
                const first = await reader.read();
                const fresh = new Response('xyz');
                const t = await fresh.text();
                let getReaderAfter = '';
                try { fresh.body.getReader(); } catch (e) { getReaderAfter = e.constructor.name; }
                out = [same, err, new TextDecoder().decode(first.value), r.bodyUsed, t, fresh.bodyUsed, getReaderAfter].join(',');
                """);
        assertEquals("true,TypeError,abc,true,xyz,true,TypeError", out);
    }

    @Test
    void takingAnotherBodysUntouchedStreamAndCloningBothWork() throws Exception {
        String out = run("""
                const upstream = new Response(new Uint8Array([104, 105]));
                const passed = new Response(upstream.body, { status: 201 });
                const copy = passed.clone();
                const a = await passed.text(), b = await copy.text();
                let reuse = '';
                try { await upstream.text(); } catch (e) { reuse = e.constructor.name; }
                const streamed = new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array([33])); c.close(); } }));
                const twin = streamed.clone();
                out = [a, b, reuse, upstream.bodyUsed, await streamed.text(), await twin.text()].join(',');
                """);
        assertEquals("hi,hi,TypeError,true,!,!", out);
    }

    @Test
    void streamErrorsAndBadChunksRejectConsumption() throws Exception {
        String out = run("""
                const broken = new Response(new ReadableStream({ pull(c) { c.error(new RangeError('gone')); } }));
                const bad = new Response(new ReadableStream({ start(c) { c.enqueue('text'); c.close(); } }));
                const results = [];
                for (const r of [broken, bad]) {
                    try { await r.arrayBuffer(); results.push('resolved'); } catch (e) { results.push(e.constructor.name + ':' + e.message); }
                }
                out = results.join('|');
                """);
        assertEquals("RangeError:gone|TypeError:Body stream chunks must be Uint8Array", out);
    }

    @Test
    void requestStreamBodiesNeedHalfDuplexAndRequestFromRequestTakesTheStream() throws Exception {
        String out = run("""
                let missing = '';
                try { new Request('https://a.example/', { method: 'POST', body: new ReadableStream() }); } catch (e) { missing = e.constructor.name; }
                const source = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('payload')); c.close(); } });
                const first = new Request('https://a.example/', { method: 'POST', body: source, duplex: 'half' });
                const second = new Request(first);
                out = [missing, first.body === source, first.bodyUsed, second.body !== source, await second.text()].join(',');
                """);
        assertEquals("TypeError,true,true,true,payload", out);
    }
}
