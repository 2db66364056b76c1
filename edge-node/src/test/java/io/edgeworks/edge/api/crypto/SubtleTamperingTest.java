package io.edgeworks.edge.api.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** crypto.subtle keeps working, with the same results, after tenant code patches globals and prototypes. */
class SubtleTamperingTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void patchedBuiltInsChangeNothing() throws Exception {
        String out = scripts.run("""
                const s = crypto.subtle, enc = new TextEncoder(), U8 = Uint8Array, hasOwnProperty = Object.prototype.hasOwnProperty;
                const hex = (b) => { let h = ''; const v = new U8(b); for (let i = 0; i < v.length; i++) h += (v[i] < 16 ? '0' : '') + v[i].toString(16); return h; };
                const rsa = await s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new U8([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
                const aes = await s.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
                const pw = await s.importKey('raw', enc.encode('password'), 'PBKDF2', false, ['deriveBits']);
                const hmac = await s.importKey('raw', enc.encode('k'), { name: 'HMAC', hash: 'SHA-384' }, true, ['sign']);
                const iv = new U8(12), data = enc.encode('data'), salt = enc.encode('salt');
                const before = [hex(await s.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data)), hex(await s.encrypt({ name: 'AES-GCM', iv }, aes, data)),
                    hex(await s.deriveBits({ name: 'PBKDF2', salt, iterations: 2, hash: 'SHA-1' }, pw, 160))];

                const bad = (what) => () => { throw new Error('tampered ' + what + ' was used'); };
                Array.prototype[Symbol.iterator] = bad('Array.prototype[Symbol.iterator]');
                Array.prototype.includes = Array.prototype.push = Array.prototype.slice = Array.prototype.filter = Array.prototype.join = bad('Array.prototype.includes');
                Object.defineProperty(Array.prototype, '0', { set: bad('Array.prototype,'), configurable: true });
                Object.defineProperty(Object.prototype, 'key_ops', { set: bad('Object.prototype,'), configurable: true });
                Object.prototype.toJSON = () => 'tampered';
                Object.prototype.length = 8; Object.prototype.modulusLength = 8; Object.prototype.hash = 'MD5'; Object.prototype.label = new U8(3);
                String.prototype.charCodeAt = String.prototype.toUpperCase = String.prototype.replace = String.prototype.slice = String.prototype.substring = bad('String.prototype.charCodeAt');
                String.fromCharCode = bad('String.fromCharCode');
                Function.prototype.apply = bad('Function.prototype.apply');
                Reflect.apply = bad('Reflect.apply');
                JSON.parse = JSON.stringify = bad('JSON.parse');
                ArrayBuffer.isView = bad('ArrayBuffer.isView');
                Object.defineProperty(Object.getPrototypeOf(U8.prototype), 'buffer', { get: bad('Object.getPrototyp') });
                Object.defineProperty(CryptoKey.prototype, 'algorithm', { get: () => ({ name: 'HMAC', hash: { name: 'MD5' } }) });
                Object.defineProperty(CryptoKey.prototype, 'usages', { get: () => ['sign', 'verify', 'encrypt', 'decrypt'] });
                globalThis.Uint8Array = globalThis.ArrayBuffer = globalThis.DOMException = globalThis.TypeError = bad('globalThis.Uint8Array');
                Promise.prototype.then = bad('Promise.prototype.then');
                Object.freeze = Object.defineProperty = bad('Object.freeze');

                const after = [hex(await s.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data)), hex(await s.encrypt({ name: 'AES-GCM', iv }, aes, data)),
                    hex(await s.deriveBits({ name: 'PBKDF2', salt, iterations: 2, hash: 'SHA-1' }, pw, 160))];
                const jwk = await s.exportKey('jwk', rsa.privateKey);
                const wrapped = await s.wrapKey('jwk', rsa.privateKey, aes, { name: 'AES-GCM', iv });
                const back = await s.unwrapKey('jwk', wrapped, aes, { name: 'AES-GCM', iv }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
                const pubJwk = await s.exportKey('jwk', rsa.publicKey);
                const hmacJwk = await s.exportKey('jwk', hmac);
                const imported = await s.importKey('jwk', pubJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
                const aesAgain = await s.importKey('raw', await s.exportKey('raw', aes), 'AES-GCM', true, ['encrypt']);
                let denied;
                try { await s.sign('RSASSA-PKCS1-v1_5', rsa.publicKey, data); } catch (e) { denied = e.name + ':' + (e instanceof Error); }
                const results = [before[0] === after[0], before[1] === after[1], before[2] === after[2], typeof jwk.d, jwk.key_ops.length,
                    hex(await s.sign('RSASSA-PKCS1-v1_5', back, data)) === after[0], denied, after[2],
                    imported.type, await s.verify('RSASSA-PKCS1-v1_5', imported, await s.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data), data),
                    hasOwnProperty.call(aesAgain.algorithm, 'modulusLength'), hex(await s.encrypt({ name: 'AES-GCM', iv }, aesAgain, data)) === after[1], hmacJwk.alg + ':' + hmacJwk.k];
                let text = '';
                for (let i = 0; i < results.length; i++) text += (i ? ',' : '') + results[i];
                return text;
                """);
        assertEquals("true,true,true,string,1,true,InvalidAccessError:true,ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957,public,true,false,true,HS384:aw", out);
    }
}
