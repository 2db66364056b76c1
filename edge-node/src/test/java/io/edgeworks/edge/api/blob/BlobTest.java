package io.edgeworks.edge.api.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blob and File (blob.js) beyond what the WPT corpus checks: tampering, streams, MIME types of body blobs. */
class BlobTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void tenantTamperingAfterThePreludeChangesNothing() throws Exception {
        String out = scripts.run("""
                const BlobCtor = Blob;
                // (what blob.js relies on; string encoding and Response are other prelude files' concern)
                Uint8Array.prototype.set = () => { throw new Error('set tampered'); };
                Uint8Array.prototype.subarray = () => { throw new Error('subarray tampered'); };
                String.prototype.toLowerCase = () => 'tampered';
                String.prototype.toWellFormed = () => 'tampered';
                Math.round = Math.min = Math.max = () => 0;
                delete globalThis.Blob;
                delete globalThis.ReadableStream;
                const blob = new BlobCtor(['ab', new Uint8Array([0x63]), new BlobCtor(['d'])], { type: 'Text/X-Test' });
                const tail = blob.slice(-3, -1, 'A/B');
                const viaResponse = await new Response(blob).text();
                return [blob.size, blob.type, tail.type, await tail.text(), viaResponse, await blob.stream().getReader().read().then(r => r.value.length)].join('|');
                """);
        assertEquals("4|text/x-test|a/b|bc|abcd|4", out);
    }

    @Test
    void streamReadsLargeBlobsInChunks() throws Exception {
        String out = scripts.run("""
                const bytes = new Uint8Array(100000);
                for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
                const reader = new Blob([bytes]).stream().getReader();
                const sizes = [];
                let ok = true, at = 0;
                for (;;) {
                    const { done, value } = await reader.read();
                    if (done) break;
                    sizes.push(value.length);
                    for (let i = 0; i < value.length; i++) if (value[i] !== (at + i) % 251) ok = false;
                    at += value.length;
                }
                return sizes.join(',') + ':' + ok;
                """);
        assertEquals("65536,34464:true", out);
    }

    @Test
    void bodyBlobTypeIsTheParsedAndSerialisedContentType() throws Exception {
        String out = scripts.run("""
                const types = [];
                for (const ct of ['Text/HTML; Charset="utf-8"; x=";"', 'text/plain, */*', 'text/plain;charset=gbk, text/plain',
                                  'nonsense', 'a/b; q="\\\\"quoted\\\\""', 'text/html;charset=gbk, text/html;x=1']) {
                    types.push((await new Response('x', { headers: { 'content-type': ct } }).blob()).type);
                }
                return types.join(' | ');
                """);
        assertEquals("text/html;charset=utf-8;x=\";\" | text/plain | text/plain;charset=gbk | "
                + " | a/b;q=\"\\\"quoted\\\"\" | text/html;x=1;charset=gbk", out);
    }

    @Test
    void fileKeepsNameAndLastModifiedAndConvertsEndings() throws Exception {
        String out = scripts.run("""
                const f = new File(['a\\r\\nb\\rc\\n'], 'n\\uD800.txt', { type: 'text/plain', lastModified: 42.9, endings: 'native' });
                return [f instanceof Blob, f.name, f.lastModified, JSON.stringify(await f.text()), Object.prototype.toString.call(f)].join('|');
                """);
        assertEquals("true|n\uFFFD.txt|42|\"a\\nb\\nc\\n\"|[object File]", out);
    }

    @Test
    void invalidArgumentsThrowTheRealmsTypeError() throws Exception {
        String out = scripts.run("""
                const results = [];
                for (const make of [() => new Blob('abc'), () => new Blob([], { endings: 'windows' }), () => new File([]),
                                    () => new Blob([], 1)]) {
                    try { make(); results.push('no error'); } catch (e) { results.push(e.constructor === TypeError); }
                }
                return results.join(',');
                """);
        assertEquals("true,true,true,true", out);
    }
}
