package io.edgeworks.edge.api.crypto;

import static io.edgeworks.edge.api.crypto.SubtleScripts.PREAMBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HKDF and PBKDF2 in crypto.subtle: RFC 5869 / RFC 6070 known answers, deriveKey targets, errors. */
class SubtleKdfTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void hkdfMatchesRfc5869() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const ikm = await s.importKey('raw', new Uint8Array(22).fill(0x0b), 'HKDF', false, ['deriveBits']);
                const case1 = await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: unhex('000102030405060708090a0b0c'),
                    info: unhex('f0f1f2f3f4f5f6f7f8f9') }, ikm, 42 * 8);
                // test case 3: empty salt and info
                const case3 = await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new Uint8Array(0) }, ikm, 42 * 8);
                return [hex(case1), hex(case3), ikm.algorithm.name, ikm.extractable, ikm.type].join(',');
                """);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865,"
                + "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8,HKDF,false,secret", out);
    }

    @Test
    void pbkdf2MatchesRfc6070() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const pw = await s.importKey('raw', enc.encode('password'), { name: 'PBKDF2' }, false, ['deriveBits']);
                const derive = (c, bits, salt = 'salt', hash = 'SHA-1') => s.deriveBits({ name: 'PBKDF2', salt: enc.encode(salt), iterations: c, hash }, pw, bits).then(hex);
                const long = await s.importKey('raw', enc.encode('passwordPASSWORDpassword'), 'PBKDF2', false, ['deriveBits']);
                const c5 = hex(await s.deriveBits({ name: 'PBKDF2', salt: enc.encode('saltSALTsaltSALTsaltSALTsaltSALTsalt'), iterations: 4096, hash: 'SHA-1' }, long, 25 * 8));
                const nul = await s.importKey('raw', enc.encode('pass\\0word'), 'PBKDF2', false, ['deriveBits']);
                const c6 = hex(await s.deriveBits({ name: 'PBKDF2', salt: enc.encode('sa\\0lt'), iterations: 4096, hash: 'SHA-1' }, nul, 128));
                const empty = await s.importKey('raw', new Uint8Array(0), 'PBKDF2', false, ['deriveBits']);
                const fromEmpty = await s.deriveBits({ name: 'PBKDF2', salt: new Uint8Array(0), iterations: 1, hash: 'SHA-256' }, empty, 256);
                return [await derive(1, 160), await derive(2, 160), await derive(4096, 160), c5, c6, fromEmpty.byteLength].join(',');
                """);
        assertEquals("0c60c80f961f0e71f3a9b524af6012062fe037a6,ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957,"
                + "4b007901b765489abead49d926f721d065a429c1,3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038,"
                + "56fa6aa75548099dcc37d7f03425e0c3,32", out);
    }

    @Test
    void deriveKeyMakesAesAndHmacKeysFromTheDerivedBits() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const base = await s.importKey('raw', enc.encode('input key material'), 'HKDF', false, ['deriveKey', 'deriveBits']);
                const params = { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('salt'), info: enc.encode('cookie') };
                const aes = await s.deriveKey(params, base, { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
                const bits = await s.deriveBits(params, base, 256);
                const hmac = await s.deriveKey(params, base, { name: 'HMAC', hash: 'SHA-384' }, true, ['sign']);
                const hmacBits = await s.deriveBits(params, base, 1024);
                const short = await s.deriveKey(params, base, { name: 'HMAC', hash: 'SHA-256', length: 128 }, true, ['sign']);
                const pw = await s.importKey('raw', enc.encode('pw'), 'PBKDF2', false, ['deriveKey']);
                const kw = await s.deriveKey({ name: 'PBKDF2', salt: enc.encode('s'), iterations: 1000, hash: 'SHA-256' }, pw, { name: 'AES-KW', length: 128 }, false, ['wrapKey']);
                return [hex(await s.exportKey('raw', aes)) === hex(bits), hex(await s.exportKey('raw', hmac)) === hex(hmacBits),
                        hmac.algorithm.length, short.algorithm.length, kw.algorithm.name, kw.algorithm.length, kw.extractable].join(',');
                """);
        assertEquals("true,true,1024,128,AES-KW,128,false", out);
    }

    @Test
    void wrongParametersGiveTheSpecsErrors() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const hkdf = await s.importKey('raw', enc.encode('k'), 'HKDF', false, ['deriveBits']);
                const pw = await s.importKey('raw', enc.encode('pw'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
                const p = { name: 'PBKDF2', salt: new Uint8Array(4), iterations: 10, hash: 'SHA-256' };
                const h = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new Uint8Array(0) };
                return [
                    await errorName(s.importKey('raw', enc.encode('k'), 'HKDF', true, ['deriveBits'])),
                    await errorName(s.importKey('jwk', { kty: 'oct', k: 'aw' }, 'HKDF', false, ['deriveBits'])),
                    await errorName(s.importKey('raw', enc.encode('k'), 'HKDF', false, ['sign'])),
                    await errorName(s.importKey('raw', enc.encode('k'), 'HKDF', false, [])),
                    await errorName(s.deriveBits(p, pw)),
                    await errorName(s.deriveBits(p, pw, 12)),
                    await errorName(s.deriveBits({ ...p, iterations: 0 }, pw, 128)),
                    await errorName(s.deriveBits({ ...p, iterations: 1000000 }, pw, 128)),
                    await errorName(s.deriveBits({ ...p, hash: 'SHA-3' }, pw, 128)),
                    await errorName(s.deriveBits({ name: 'PBKDF2', iterations: 1, hash: 'SHA-1' }, pw, 128)),
                    await errorName(s.deriveBits(h, hkdf, 256 * 8160)),
                    await errorName(s.deriveBits(h, pw, 128)),
                    await errorName(s.deriveKey(h, hkdf, { name: 'AES-GCM', length: 128 }, true, ['encrypt'])),
                    await errorName(s.deriveKey(p, pw, { name: 'AES-GCM', length: 64 }, true, ['encrypt'])),
                    await errorName(s.deriveKey(p, pw, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt'])),
                    await errorName(s.deriveKey(p, pw, { name: 'AES-GCM', length: 128 }, true, [])),
                    await errorName(s.deriveKey(p, pw, { name: 'HMAC', hash: 'SHA-256', length: 0 }, true, ['sign'])),
                    await errorName(s.exportKey('raw', pw)),
                    await errorName(s.deriveBits({ name: 'X448' }, pw, 128)),
                    await errorName(s.deriveBits({ name: 'ECDH' }, pw, 128)),
                ].join(',');
                """);
        assertEquals("SyntaxError,NotSupportedError,SyntaxError,SyntaxError,OperationError,OperationError,OperationError,"
                + "NotSupportedError,NotSupportedError,TypeError,OperationError,InvalidAccessError,InvalidAccessError,OperationError,"
                + "NotSupportedError,SyntaxError,TypeError,NotSupportedError,NotSupportedError,TypeError", out);
    }
}
