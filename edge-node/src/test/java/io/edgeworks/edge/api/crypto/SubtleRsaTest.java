package io.edgeworks.edge.api.crypto;

import static io.edgeworks.edge.api.crypto.SubtleScripts.PREAMBLE;
import static io.edgeworks.edge.api.crypto.SubtleScripts.b64u;
import static io.edgeworks.edge.api.crypto.SubtleScripts.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.api.PreludeScripts;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP in crypto.subtle, checked against the JDK's own RSA on the same keys. */
class SubtleRsaTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    private static KeyPair pair;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    private static String pkcs8() {
        return hex(pair.getPrivate().getEncoded());
    }

    private static String spki() {
        return hex(pair.getPublic().getEncoded());
    }

    @Test
    void verifiesAnRs256JwtSignedByTheJdkFromAJwkAndRejectsATamperedOne() throws Exception {
        String header = b64u("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64u("{\"sub\":\"alice\",\"iss\":\"https://id.example\"}".getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        String jwt = header + "." + payload + "." + b64u(signer.sign());
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        String out = scripts.run(PREAMBLE + """
                const jwk = { kty: 'RSA', n: '%s', e: '%s', alg: 'RS256', use: 'sig', kid: 'k1' };
                const key = await s.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
                const verifyJwt = async (token) => {
                    const [h, p, sig] = token.split('.');
                    const bytes = Uint8Array.from(atob(sig.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0));
                    return s.verify('RSASSA-PKCS1-v1_5', key, bytes, enc.encode(h + '.' + p));
                };
                const token = '%s';
                const parts = token.split('.');
                const forged = parts[0] + '.' + btoa('{"sub":"mallory"}').replace(/=+$/, '') + '.' + parts[2];
                return [await verifyJwt(token), await verifyJwt(forged), key.algorithm.modulusLength, hex(key.algorithm.publicExponent),
                        key.algorithm.hash.name, key.type, key.extractable, key.usages.join()].join(',');
                """.formatted(b64u(pub.getModulus()), b64u(pub.getPublicExponent()), jwt));
        assertEquals("true,false,2048,010001,SHA-256,public,false,verify", out);
    }

    @Test
    void pkcs1SignaturesAreByteForByteTheJdksAndPssSignaturesVerifyBothWays() throws Exception {
        byte[] data = "the data".getBytes(StandardCharsets.UTF_8);
        Signature pkcs1 = Signature.getInstance("SHA384withRSA");
        pkcs1.initSign(pair.getPrivate());
        pkcs1.update(data);
        String expectedPkcs1 = hex(pkcs1.sign());
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initSign(pair.getPrivate());
        pss.update(data);
        String javaPss = hex(pss.sign());
        String out = scripts.run(PREAMBLE + """
                const data = enc.encode('the data');
                const priv = await s.importKey('pkcs8', unhex('%s'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, false, ['sign']);
                const sig = await s.sign({ name: 'RSASSA-PKCS1-v1_5' }, priv, data);
                const pssPriv = await s.importKey('pkcs8', unhex('%s'), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
                const pssPub = await s.importKey('spki', unhex('%s'), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']);
                const pssSig = await s.sign({ name: 'RSA-PSS', saltLength: 32 }, pssPriv, data);
                const sig2 = await s.sign({ name: 'RSA-PSS', saltLength: 32 }, pssPriv, data);
                return [hex(sig), hex(pssSig), hex(sig) === hex(await s.sign('RSASSA-PKCS1-v1_5', priv, data)), hex(pssSig) !== hex(sig2),
                        await s.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPub, unhex('%s'), data),
                        await s.verify({ name: 'RSA-PSS', saltLength: 20 }, pssPub, unhex('%s'), data)].join(',');
                """.formatted(pkcs8(), pkcs8(), spki(), javaPss, javaPss));
        String[] parts = out.split(",");
        assertEquals(expectedPkcs1, parts[0], "RSASSA-PKCS1-v1_5 is deterministic");
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertTrue(verifier.verify(HexFormat.of().parseHex(parts[1])), "the JDK verifies the prelude's PSS signature");
        assertEquals("true,true,true,false", String.join(",", parts[2], parts[3], parts[4], parts[5]),
                "PSS is randomized; a wrong saltLength does not verify");
    }

    @Test
    void oaepWithALabelInteroperatesWithTheJdk() throws Exception {
        OAEPParameterSpec spec = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified("label".getBytes(StandardCharsets.UTF_8)));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, pair.getPublic(), spec);
        String javaCiphertext = hex(cipher.doFinal("from java".getBytes(StandardCharsets.UTF_8)));
        String out = scripts.run(PREAMBLE + """
                const alg = { name: 'RSA-OAEP', hash: 'SHA-256' };
                const priv = await s.importKey('pkcs8', unhex('%s'), alg, true, ['decrypt', 'unwrapKey']);
                const pub = await s.importKey('spki', unhex('%s'), alg, true, ['encrypt']);
                const label = enc.encode('label');
                const plain = new TextDecoder().decode(await s.decrypt({ name: 'RSA-OAEP', label }, priv, unhex('%s')));
                const wrongLabel = await errorName(s.decrypt({ name: 'RSA-OAEP', label: enc.encode('other') }, priv, unhex('%s')));
                const ct = await s.encrypt({ name: 'RSA-OAEP', label }, pub, enc.encode('from js'));
                const tooLong = await errorName(s.encrypt('RSA-OAEP', pub, new Uint8Array(200)));
                const privJwk = await s.exportKey('jwk', priv);
                return [plain, wrongLabel, tooLong, privJwk.alg, privJwk.key_ops.join('+'), hex(ct)].join(',');
                """.formatted(pkcs8(), spki(), javaCiphertext, javaCiphertext));
        String[] parts = out.split(",");
        assertEquals("from java,OperationError,OperationError,RSA-OAEP-256,decrypt+unwrapKey", String.join(",", parts[0], parts[1], parts[2], parts[3], parts[4]));
        cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate(), spec);
        assertArrayEquals("from js".getBytes(StandardCharsets.UTF_8), cipher.doFinal(HexFormat.of().parseHex(parts[5])));
    }

    @Test
    void generatedKeysRoundTripThroughSpkiPkcs8AndJwk() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const alg = { name: 'RSA-PSS', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-512' };
                const pair = await s.generateKey(alg, true, ['sign', 'verify']);
                const data = enc.encode('x');
                const spki = await s.exportKey('spki', pair.publicKey);
                const pkcs8 = await s.exportKey('pkcs8', pair.privateKey);
                const jwk = await s.exportKey('jwk', pair.privateKey);
                const pubJwk = await s.exportKey('jwk', pair.publicKey);
                const fromJwk = await s.importKey('jwk', jwk, { name: 'RSA-PSS', hash: 'SHA-512' }, false, ['sign']);
                const fromPkcs8 = await s.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-512' }, false, ['sign']);
                const fromSpki = await s.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-512' }, false, ['verify']);
                const p = { name: 'RSA-PSS', saltLength: 32 };
                const ok1 = await s.verify(p, fromSpki, await s.sign(p, fromJwk, data), data);
                const ok2 = await s.verify(p, pair.publicKey, await s.sign(p, fromPkcs8, data), data);
                return [ok1, ok2, jwk.alg, pubJwk.alg, typeof pubJwk.d, pair.publicKey.extractable, pair.privateKey.usages.join(),
                        pair.publicKey.usages.join(), fromPkcs8.algorithm.modulusLength, hex(fromSpki.algorithm.publicExponent),
                        pair.privateKey.algorithm.hash.name, Object.keys(pubJwk).join('/')].join(',');
                """);
        assertEquals("true,true,PS512,PS512,undefined,true,sign,verify,1024,010001,SHA-512,kty/alg/n/e/key_ops/ext", out);
    }

    @Test
    void wrongAlgorithmsUsagesAndKeyDataGiveTheSpecsErrors() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const pkcs8 = unhex('%s'), spki = unhex('%s');
                const rs = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
                const priv = await s.importKey('pkcs8', pkcs8, rs, false, ['sign']);
                const pub = await s.importKey('spki', spki, rs, true, ['verify']);
                const pubJwk = await s.exportKey('jwk', pub);
                const gen = (e, usages) => s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: e, hash: 'SHA-256' }, true, usages);
                return [
                    await errorName(s.sign({ name: 'RSA-PSS', saltLength: 32 }, priv, new Uint8Array(1))),
                    await errorName(s.sign(rs, pub, new Uint8Array(1))),
                    await errorName(s.verify(rs, priv, new Uint8Array(1), new Uint8Array(1))),
                    await errorName(s.importKey('spki', spki, rs, true, ['sign'])),
                    await errorName(s.importKey('pkcs8', pkcs8, rs, true, [])),
                    await errorName(s.importKey('raw', spki, rs, true, ['verify'])),
                    await errorName(s.importKey('spki', pkcs8, rs, true, ['verify'])),
                    await errorName(s.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5' }, true, ['verify'])),
                    await errorName(s.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'MD5' }, true, ['verify'])),
                    await errorName(s.importKey('jwk', { ...pubJwk, alg: 'RS384' }, rs, true, ['verify'])),
                    await errorName(s.importKey('jwk', { ...pubJwk, alg: 'PS256' }, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify'])),
                    await errorName(s.importKey('jwk', { ...pubJwk, kty: 'EC' }, rs, true, ['verify'])),
                    await errorName(s.importKey('jwk', { ...pubJwk, key_ops: ['sign'] }, rs, true, ['verify'])),
                    await errorName(s.exportKey('pkcs8', priv)),
                    await errorName(s.exportKey('raw', pub)),
                    await errorName(s.exportKey('pkcs8', pub)),
                    await errorName(gen([1, 0, 1], ['sign'])),
                    await errorName(gen(new Uint8Array([1, 0, 1]), ['encrypt'])),
                    await errorName(gen(new Uint8Array([1, 0, 1]), ['verify'])),
                    await errorName(gen(new Uint8Array([5]), ['sign'])),
                    await errorName(s.verify(rs, pub, new Uint8Array(3), new Uint8Array(1))),
                ].join(',');
                """.formatted(pkcs8(), spki()));
        assertEquals("InvalidAccessError,InvalidAccessError,InvalidAccessError,SyntaxError,SyntaxError,NotSupportedError,DataError,"
                + "TypeError,NotSupportedError,DataError,resolved,DataError,DataError,InvalidAccessError,NotSupportedError,"
                + "InvalidAccessError,TypeError,SyntaxError,SyntaxError,OperationError,resolved", out);
    }

    @Test
    void oaepWrapsAnAesKeyAndGcmWrapsAnEcdsaPrivateKey() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const oaep = { name: 'RSA-OAEP', hash: 'SHA-256' };
                const pub = await s.importKey('spki', unhex('%s'), oaep, false, ['wrapKey']);
                const priv = await s.importKey('pkcs8', unhex('%s'), oaep, false, ['unwrapKey']);
                const aes = await s.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt', 'wrapKey']);
                const wrapped = await s.wrapKey('raw', aes, pub, 'RSA-OAEP');
                const back = await s.unwrapKey('raw', wrapped, priv, 'RSA-OAEP', 'AES-GCM', false, ['decrypt', 'unwrapKey']);
                const iv = new Uint8Array(12);
                const ct = await s.encrypt({ name: 'AES-GCM', iv }, aes, enc.encode('x'));
                const ec = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
                const wrappedEc = await s.wrapKey('pkcs8', ec.privateKey, aes, { name: 'AES-GCM', iv });
                const ecBack = await s.unwrapKey('pkcs8', wrappedEc, back, { name: 'AES-GCM', iv }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
                const sig = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecBack, enc.encode('m'));
                const detached = s.sign;
                return [new TextDecoder().decode(await s.decrypt({ name: 'AES-GCM', iv }, back, ct)), wrapped.byteLength,
                    await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ec.publicKey, sig, enc.encode('m')),
                    await errorName(s.wrapKey('raw', aes, priv, 'RSA-OAEP')),
                    await errorName(detached('HMAC', aes, new Uint8Array(1))),
                    await errorName(SubtleCrypto.prototype.digest.call({}, 'SHA-256', new Uint8Array(1)))].join(',');
                """.formatted(spki(), pkcs8()));
        assertEquals("x,256,true,InvalidAccessError,TypeError,TypeError", out);
    }

    @Test
    void jdkKeyFactoryAcceptsTheExportedSpki() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const pair = await s.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' },
                    false, ['encrypt', 'decrypt']);
                return hex(await s.exportKey('spki', pair.publicKey)) + ',' + await errorName(s.exportKey('jwk', pair.privateKey));
                """);
        String[] parts = out.split(",");
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(parts[0])));
        assertEquals(2048, key.getModulus().bitLength());
        assertEquals("InvalidAccessError", parts[1], "the private key was generated non-extractable");
    }
}
