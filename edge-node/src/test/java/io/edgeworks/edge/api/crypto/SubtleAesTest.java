package io.edgeworks.edge.api.crypto;

import static io.edgeworks.edge.api.crypto.SubtleScripts.PREAMBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AES-GCM, AES-CBC, AES-CTR and AES-KW in crypto.subtle: NIST/RFC known answers, JDK interop, wrapping, errors. */
class SubtleAesTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void knownAnswersOfGcmCbcCtrAndKw() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const zero = await s.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt', 'decrypt']);
                // McGrew & Viega GCM test cases 1 and 2 (K = 0^128, IV = 0^96)
                const gcm1 = hex(await s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, new Uint8Array(0)));
                const gcm2 = hex(await s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, new Uint8Array(16)));
                // NIST SP 800-38A F.2.1 (CBC-AES128) and F.5.1 (CTR-AES128), first blocks
                const k = unhex('2b7e151628aed2a6abf7158809cf4f3c');
                const p = unhex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');
                const cbcKey = await s.importKey('raw', k, 'AES-CBC', false, ['encrypt', 'decrypt']);
                const cbc = hex(await s.encrypt({ name: 'AES-CBC', iv: unhex('000102030405060708090a0b0c0d0e0f') }, cbcKey, p.subarray(0, 16)));
                const ctrKey = await s.importKey('raw', k, { name: 'AES-CTR' }, false, ['encrypt']);
                const ctr = hex(await s.encrypt({ name: 'AES-CTR', counter: unhex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'), length: 64 }, ctrKey, p));
                // RFC 3394 4.1: wrap 128 bits of key data with a 128-bit KEK
                const kek = await s.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
                const data = await s.importKey('raw', unhex('00112233445566778899aabbccddeeff'), 'AES-GCM', true, ['encrypt']);
                const kw = hex(await s.wrapKey('raw', data, kek, 'AES-KW'));
                return [gcm1, gcm2, cbc.slice(0, 32), cbc.length / 2, ctr, kw].join('\\n');
                """);
        assertEquals(String.join("\n",
                "58e2fccefa7e3061367f1d57a4e7455a",
                "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
                "7649abac8119b246cee98e9b12e9197d", "32",
                "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff",
                "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"), out);
    }

    @Test
    void gcmWithAdditionalDataAndShortTagsInteroperatesWithTheJdk() throws Exception {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] iv = HexFormat.of().parseHex("cafebabefacedbaddecaf888");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(96, iv));
        cipher.updateAAD("header".getBytes(StandardCharsets.UTF_8));
        String javaCt = HexFormat.of().formatHex(cipher.doFinal("session=alice".getBytes(StandardCharsets.UTF_8)));
        String out = scripts.run(PREAMBLE + """
                const key = await s.importKey('jwk', { kty: 'oct', k: btoa(String.fromCharCode(...unhex('%s'))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''),
                    alg: 'A256GCM' }, 'AES-GCM', true, ['encrypt', 'decrypt']);
                const params = { name: 'AES-GCM', iv: unhex('%s'), additionalData: enc.encode('header'), tagLength: 96 };
                const mine = hex(await s.encrypt(params, key, enc.encode('session=alice')));
                const plain = new TextDecoder().decode(await s.decrypt(params, key, unhex('%s')));
                const ct = unhex(mine); ct[0] ^= 1;
                const tampered = await errorName(s.decrypt(params, key, ct));
                const otherAad = await errorName(s.decrypt({ ...params, additionalData: enc.encode('other') }, key, unhex(mine)));
                const jwk = await s.exportKey('jwk', key);
                // 32- and 64-bit tags: the leftmost bytes of the full tag
                const full = hex(await s.encrypt({ ...params, tagLength: 128 }, key, enc.encode('session=alice')));
                const short = [];
                for (const tagLength of [32, 64]) {
                    const ct = await s.encrypt({ ...params, tagLength }, key, enc.encode('session=alice'));
                    const bad = new Uint8Array(ct).slice(); bad[bad.length - 1] ^= 1;
                    short.push(hex(ct) === full.slice(0, 26 + tagLength / 4),
                        new TextDecoder().decode(await s.decrypt({ ...params, tagLength }, key, ct)),
                        await errorName(s.decrypt({ ...params, tagLength }, key, bad)));
                }
                return [mine, plain, tampered, otherAad, jwk.alg, key.algorithm.name, key.algorithm.length, ...short].join(',');
                """.formatted(HexFormat.of().formatHex(key), HexFormat.of().formatHex(iv), javaCt));
        assertEquals(javaCt + ",session=alice,OperationError,OperationError,A256GCM,AES-GCM,256,"
                + "true,session=alice,OperationError,true,session=alice,OperationError", out);
    }

    @Test
    void ctrCountsOnlyTheRightmostLengthBitsAndRefusesToReuseACounter() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const key = await s.generateKey({ name: 'AES-CTR', length: 128 }, false, ['encrypt', 'decrypt']);
                const counter = unhex('000102030405060708090a0b0c0d0eff');
                const two = await s.encrypt({ name: 'AES-CTR', counter, length: 8 }, key, new Uint8Array(32));
                const first = await s.encrypt({ name: 'AES-CTR', counter, length: 8 }, key, new Uint8Array(16));
                const wrapped = await s.encrypt({ name: 'AES-CTR', counter: unhex('000102030405060708090a0b0c0d0e00'), length: 8 }, key, new Uint8Array(16));
                const carried = await s.encrypt({ name: 'AES-CTR', counter: unhex('000102030405060708090a0b0c0d0f00'), length: 128 }, key, new Uint8Array(16));
                const full = await s.encrypt({ name: 'AES-CTR', counter, length: 128 }, key, new Uint8Array(32));
                const back = await s.decrypt({ name: 'AES-CTR', counter, length: 8 }, key, two);
                return [hex(two) === hex(first) + hex(wrapped), hex(full) === hex(first) + hex(carried), hex(back) === hex(new Uint8Array(32)),
                        await errorName(s.encrypt({ name: 'AES-CTR', counter, length: 1 }, key, new Uint8Array(33))),
                        await errorName(s.encrypt({ name: 'AES-CTR', counter, length: 0 }, key, new Uint8Array(1))),
                        await errorName(s.encrypt({ name: 'AES-CTR', counter: new Uint8Array(8), length: 64 }, key, new Uint8Array(1))),
                        await errorName(s.encrypt({ name: 'AES-CTR', counter }, key, new Uint8Array(1)))].join(',');
                """);
        assertEquals("true,true,true,OperationError,OperationError,OperationError,TypeError", out);
    }

    @Test
    void wrapAndUnwrapKeysAsRawAndJwkWithKwAndGcm() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const kek = await s.generateKey({ name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
                const gcmKek = await s.generateKey({ name: 'AES-GCM', length: 128 }, false, ['wrapKey', 'unwrapKey']);
                const hmac = await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
                const mac = await s.sign('HMAC', hmac, enc.encode('m'));
                const wrappedRaw = await s.wrapKey('raw', hmac, kek, 'AES-KW');
                const unwrapped = await s.unwrapKey('raw', wrappedRaw, kek, { name: 'AES-KW' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
                const iv = crypto.getRandomValues(new Uint8Array(12));
                const wrappedJwk = await s.wrapKey('jwk', hmac, gcmKek, { name: 'AES-GCM', iv });
                const fromJwk = await s.unwrapKey('jwk', wrappedJwk, gcmKek, { name: 'AES-GCM', iv }, { name: 'HMAC', hash: 'SHA-256' }, true, ['verify']);
                const bad = new Uint8Array(wrappedRaw); bad[3] ^= 1;
                const pbkdf2 = await s.importKey('raw', enc.encode('pw'), 'PBKDF2', false, ['deriveKey']);
                const nonExtractable = await s.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
                return [await s.verify('HMAC', unwrapped, mac, enc.encode('m')), await s.verify('HMAC', fromJwk, mac, enc.encode('m')),
                        unwrapped.extractable, fromJwk.usages.join(), wrappedRaw.byteLength,
                        await errorName(s.unwrapKey('raw', bad, kek, 'AES-KW', { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])),
                        await errorName(s.wrapKey('raw', nonExtractable, kek, 'AES-KW')),
                        await errorName(s.wrapKey('raw', pbkdf2, kek, 'AES-KW')),
                        await errorName(s.wrapKey('raw', hmac, gcmKek, 'AES-KW')),
                        await errorName(s.encrypt({ name: 'AES-GCM', iv }, gcmKek, new Uint8Array(1))),
                        await errorName(s.wrapKey('raw', hmac, kek, { name: 'AES-CBC', iv: new Uint8Array(16) })),
                        await errorName(s.wrapKey('raw', hmac, kek, 'HMAC'))].join(',');
                """);
        assertEquals("true,true,false,verify,72,OperationError,InvalidAccessError,NotSupportedError,InvalidAccessError,"
                + "InvalidAccessError,InvalidAccessError,NotSupportedError", out);
    }

    @Test
    void wrongLengthsUsagesAndParametersGiveTheSpecsErrors() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const key = await s.generateKey({ name: 'AES-CBC', length: 192 }, true, ['encrypt']);
                const gcm = await s.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt', 'decrypt']);
                const jwk = await s.exportKey('jwk', key);
                return [jwk.alg, key.algorithm.length,
                    await errorName(s.importKey('raw', new Uint8Array(20), 'AES-GCM', true, ['encrypt'])),
                    await errorName(s.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt'])),
                    await errorName(s.generateKey({ name: 'AES-GCM' }, true, ['encrypt'])),
                    await errorName(s.generateKey({ name: 'AES-GCM', length: 128 }, true, ['sign'])),
                    await errorName(s.generateKey({ name: 'AES-KW', length: 128 }, true, ['encrypt'])),
                    await errorName(s.generateKey({ name: 'AES-GCM', length: 128 }, true, [])),
                    await errorName(s.importKey('jwk', { ...jwk, alg: 'A128CBC' }, 'AES-CBC', true, ['encrypt'])),
                    await errorName(s.importKey('jwk', { ...jwk, alg: 'A192GCM' }, 'AES-CBC', true, ['encrypt'])),
                    await errorName(s.importKey('jwk', { ...jwk, use: 'sig' }, 'AES-CBC', true, ['encrypt'])),
                    await errorName(s.importKey('spki', new Uint8Array(16), 'AES-CBC', true, ['encrypt'])),
                    await errorName(s.decrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, new Uint8Array(15))),
                    await errorName(s.encrypt({ name: 'AES-CBC', iv: new Uint8Array(12) }, key, new Uint8Array(1))),
                    await errorName(s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new Uint8Array(1))),
                    await errorName(s.encrypt({ name: 'AES-GCM' }, gcm, new Uint8Array(1))),
                    await errorName(s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12), tagLength: 100 }, gcm, new Uint8Array(1))),
                    await errorName(s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12), tagLength: 256 }, gcm, new Uint8Array(1))),
                    await errorName(s.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, gcm, new Uint8Array(8))),
                    await errorName(s.encrypt({ name: 'AES-GCM', iv: 'nope' }, gcm, new Uint8Array(1))),
                    await errorName(s.encrypt({ name: 'AES-XTS', iv: new Uint8Array(12) }, gcm, new Uint8Array(1))),
                    await errorName(s.digest('AES-GCM', new Uint8Array(1))),
                    await errorName(s.exportKey('spki', gcm)),
                ].join(',');
                """);
        assertEquals("A192CBC,192,DataError,OperationError,TypeError,SyntaxError,SyntaxError,SyntaxError,DataError,DataError,"
                + "DataError,NotSupportedError,InvalidAccessError,OperationError,InvalidAccessError,TypeError,OperationError,TypeError,"
                + "OperationError,TypeError,NotSupportedError,NotSupportedError,NotSupportedError", out);
    }
}
