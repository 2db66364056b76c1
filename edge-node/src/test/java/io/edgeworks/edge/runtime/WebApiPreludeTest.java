package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prelude Web APIs in a real realm: encoding streams and the ISO-2022-JP decoder, DOM events and
 * dependent abort signals, QuotaExceededError, ECDSA in crypto.subtle, URLSearchParams from an iterable.
 */
class WebApiPreludeTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    /** Runs {@code script}, which must set globalThis.result (possibly later, from a promise). */
    private static String run(String script) throws Exception {
        return scripts.runUntilSet(script, "result");
    }

    @Test
    void textDecoderStreamJoinsCharactersSplitAcrossChunks() throws Exception {
        String out = run("""
                const s = new TextDecoderStream();
                const w = s.writable.getWriter();
                for (const c of [[0xef, 0xbb], [0xbf, 0x41, 0xe2], [0x82], [0xac, 0xf0, 0x9f]]) w.write(new Uint8Array(c));
                w.close();
                (async () => {
                    const parts = [];
                    for (const r = s.readable.getReader();;) { const { value, done } = await r.read(); if (done) break; parts.push(value); }
                    globalThis.result = JSON.stringify(parts);
                })();
                """);
        assertEquals("[\"A\",\"\u20ac\",\"\ufffd\"]", out, "BOM dropped, the euro sign waits for its last byte, EOF flushes");
    }

    @Test
    void textDecoderStreamErrorsOnBadChunksAndFatalInput() throws Exception {
        String out = run("""
                const a = new TextDecoderStream();
                const b = new TextDecoderStream('shift_jis', { fatal: true });
                const wa = a.writable.getWriter(), wb = b.writable.getWriter();
                const ra = a.readable.getReader(), rb = b.readable.getReader();
                wa.write('not bytes').catch(() => {});
                wb.write(new Uint8Array([0x90, 0x85, 0xff])).catch(() => {});
                Promise.all([ra.read().catch(e => e.constructor === TypeError), rb.read().then(r => r.value, e => 'rejected:' + (e instanceof TypeError))])
                    .then(v => { globalThis.result = [a.encoding, b.encoding, b.fatal, ...v].join(','); });
                """);
        assertEquals("utf-8,shift_jis,true,true,rejected:true", out);
    }

    @Test
    void textEncoderStreamPairsSurrogatesAcrossChunksAndFlushesALoneOne() throws Exception {
        String out = run("""
                const s = new TextEncoderStream();
                const w = s.writable.getWriter();
                w.write('a\\ud83d'); w.write('\\ude00'); w.write('\\ud800'); w.close();
                (async () => {
                    const parts = [];
                    for (const r = s.readable.getReader();;) { const { value, done } = await r.read(); if (done) break; parts.push(Array.from(value).join(' ')); }
                    globalThis.result = parts.join('|');
                })();
                """);
        assertEquals("97|240 159 152 128|239 191 189", out);
    }

    @Test
    void iso2022JpFollowsTheStandardsErrorRecoveryAndStreams() throws Exception {
        String out = run("""
                const d = new TextDecoder('iso-2022-jp');
                const whole = d.decode(new Uint8Array([0x1b, 0x28, 0x49, 0x1b, 0x24, 0x50]));
                const split = d.decode(new Uint8Array([0x1b, 0x24]), { stream: true }) + d.decode(new Uint8Array([0x42, 0x50]), { stream: true })
                    + d.decode(new Uint8Array([0x50]));
                globalThis.result = JSON.stringify([whole, split]);
                """);
        assertEquals("[\"\ufffd\uff64\uff90\",\"\u4f69\"]", out);
    }

    @Test
    void abortEventsAreTrustedFollowRegistrationOrderAndReachDependentsInCreationOrder() throws Exception {
        String out = run("""
                const log = [];
                const c = new AbortController();
                const a = AbortSignal.any([c.signal]);
                const b = AbortSignal.any([a]);
                c.signal.addEventListener('abort', e => log.push('listener:' + e.isTrusted + ':' + (e.target === c.signal) + ':' + e.eventPhase));
                c.signal.onabort = e => log.push('onabort:' + (e.currentTarget === c.signal));
                b.addEventListener('abort', () => log.push('b:' + b.reason));
                a.addEventListener('abort', () => log.push('a:' + a.reason));
                const t = new EventTarget();
                t.addEventListener('x', () => log.push('removed by signal'), { signal: AbortSignal.abort() });
                const untrusted = new Event('x');
                t.dispatchEvent(untrusted);
                c.abort('why');
                globalThis.result = log.join(',') + '|' + untrusted.isTrusted;
                """);
        assertEquals("listener:true:true:2,onabort:true,a:why,b:why|false", out);
    }

    @Test
    void quotaExceededErrorIsADomExceptionWithAmounts() throws Exception {
        String out = run("""
                let e;
                try { crypto.getRandomValues(new Uint8Array(65537)); } catch (x) { e = x; }
                const q = new QuotaExceededError('m', { quota: 1, requested: 2 });
                let range = false;
                try { new QuotaExceededError('m', { quota: 2, requested: 1 }); } catch (x) { range = x instanceof RangeError; }
                globalThis.result = [e instanceof QuotaExceededError, e instanceof DOMException, e.name, e.code, e.quota, q.requested, range,
                    new URLSearchParams(DOMException).toString().split('&').length].join(',')
                    + '|' + String(new DOMException('boom', 'AbortError').stack).split('\\n')[0]
                    + '|' + Object.prototype.hasOwnProperty.call(q, 'message') + ':' + q.message + ':' + String(q);
                """);
        assertEquals("true,true,QuotaExceededError,22,,2,true,25|AbortError: boom|false:m:QuotaExceededError: m", out);
    }

    @Test
    void ecdsaKeysSignVerifyAndExportThroughJwk() throws Exception {
        String out = run("""
                (async () => {
                    const s = crypto.subtle, data = new TextEncoder().encode('data');
                    const pair = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
                    const sig = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, data);
                    const jwk = await s.exportKey('jwk', pair.privateKey);
                    const again = await s.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
                    const spki = await s.exportKey('spki', pair.publicKey);
                    const pub = await s.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
                    const sig2 = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, again, data);
                    const ok = await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig2, data);
                    const bad = await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, new Uint8Array(1));
                    const wrong = await s.sign({ name: 'HMAC' }, pair.privateKey, data).catch(e => e.name);
                    const mismatch = await s.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']).catch(e => e.name);
                    const badAlg = await s.importKey('jwk', { ...jwk, alg: 'ES384' }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']).catch(e => e.name);
                    const hmac = await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
                    const hjwk = await s.exportKey('jwk', hmac);
                    const himported = await s.importKey('jwk', hjwk, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
                    const mac = await s.sign('HMAC', hmac, data);
                    const macOk = await s.verify('HMAC', himported, mac, data);
                    return [sig.byteLength, jwk.kty, jwk.crv, typeof jwk.d, ok, bad, wrong, mismatch, badAlg, hjwk.alg, macOk].join(',');
                })().then(r => { globalThis.result = r; }, e => { globalThis.result = 'error: ' + e; });
                """);
        assertEquals("64,EC,P-256,string,true,false,InvalidAccessError,DataError,DataError,HS256,true", out);
    }

    @Test
    void urlSearchParamsUsesACustomIterator() throws Exception {
        String out = run("""
                const p = new URLSearchParams('x=1');
                p[Symbol.iterator] = function* () { yield ['a', 'b']; };
                globalThis.result = new URLSearchParams(p).toString();
                """);
        assertEquals("a=b", out);
    }
}
