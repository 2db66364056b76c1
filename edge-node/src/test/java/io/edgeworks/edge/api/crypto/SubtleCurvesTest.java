package io.edgeworks.edge.api.crypto;

import static io.edgeworks.edge.api.crypto.SubtleScripts.PREAMBLE;
import static io.edgeworks.edge.api.crypto.SubtleScripts.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ed25519, X25519 and ECDH in crypto.subtle: RFC 8032 / RFC 7748 known answers, JDK interop, errors. */
class SubtleCurvesTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void ed25519MatchesRfc8032AndRoundTripsItsKeys() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const b64u = (b) => btoa(String.fromCharCode(...b)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                const vectors = [
                    ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', ''],
                    ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72'],
                ];
                const out = [];
                for (const [d, x, msg] of vectors) {
                    const priv = await s.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: b64u(unhex(d)), x: b64u(unhex(x)), alg: 'EdDSA' }, 'Ed25519', true, ['sign']);
                    const pub = await s.importKey('raw', unhex(x), { name: 'Ed25519' }, true, ['verify']);
                    const sig = await s.sign('Ed25519', priv, unhex(msg));
                    const pkcs8 = await s.exportKey('pkcs8', priv);
                    const again = await s.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
                    const jwk = await s.exportKey('jwk', again);
                    out.push(hex(sig), await s.verify('Ed25519', pub, sig, unhex(msg)), await s.verify('Ed25519', pub, sig, enc.encode('other')),
                        jwk.x === b64u(unhex(x)), jwk.alg, hex(await s.exportKey('raw', pub)) === x);
                }
                const pair = await s.generateKey('Ed25519', false, ['sign', 'verify']);
                const spki = await s.exportKey('spki', pair.publicKey);
                const imported = await s.importKey('spki', spki, 'Ed25519', false, ['verify']);
                const sig = await s.sign({ name: 'Ed25519' }, pair.privateKey, enc.encode('m'));
                out.push(await s.verify('Ed25519', imported, sig, enc.encode('m')), await s.verify('Ed25519', imported, sig.slice(1), enc.encode('m')),
                    pair.privateKey.algorithm.name, pair.publicKey.usages.join(), spki.byteLength);
                return out.join(',');
                """);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b,"
                + "true,false,true,Ed25519,true,"
                + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00,"
                + "true,false,true,Ed25519,true,true,false,Ed25519,verify,44", out);
    }

    @Test
    void x25519MatchesRfc7748() throws Exception {
        String out = scripts.run(PREAMBLE + """
                const b64u = (b) => btoa(String.fromCharCode(...b)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                const alicePub = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
                const alice = await s.importKey('jwk', { kty: 'OKP', crv: 'X25519', d: b64u(unhex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')),
                    x: b64u(unhex(alicePub)) }, 'X25519', true, ['deriveBits', 'deriveKey']);
                const bob = await s.importKey('raw', unhex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'), 'X25519', true, []);
                const shared = hex(await s.deriveBits({ name: 'X25519', public: bob }, alice, 256));
                const wrongX = await errorName(s.importKey('jwk', { kty: 'OKP', crv: 'X25519', d: b64u(unhex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')),
                    x: b64u(unhex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f')) }, 'X25519', true, ['deriveBits']));
                const p1 = await s.generateKey('X25519', true, ['deriveBits']), p2 = await s.generateKey('X25519', true, ['deriveBits']);
                const ab = hex(await s.deriveBits({ name: 'X25519', public: p2.publicKey }, p1.privateKey));
                const ba = hex(await s.deriveBits({ name: 'X25519', public: p1.publicKey }, p2.privateKey));
                const smallOrder = await s.importKey('raw', new Uint8Array(32), 'X25519', true, []);
                return [shared, wrongX, ab === ba, ab.length, (await s.exportKey('jwk', alice)).x === b64u(unhex(alicePub)),
                    await errorName(s.deriveBits({ name: 'X25519', public: smallOrder }, alice, 256)),
                    await errorName(s.importKey('raw', new Uint8Array(32), 'X25519', true, ['deriveBits']))].join(',');
                """);
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742,DataError,true,64,true,OperationError,SyntaxError", out);
    }

    @Test
    void ecdhAgreesWithTheJdkAndDerivesKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair peer = generator.generateKeyPair();
        String out = scripts.run(PREAMBLE + """
                const alg = { name: 'ECDH', namedCurve: 'P-384' };
                const javaPub = await s.importKey('spki', unhex('%s'), alg, true, []);
                const mine = await s.generateKey(alg, true, ['deriveBits', 'deriveKey']);
                const secret = hex(await s.deriveBits({ name: 'ECDH', public: javaPub }, mine.privateKey, null));
                const cut = hex(await s.deriveBits({ name: 'ECDH', public: javaPub }, mine.privateKey, 12));
                const aes = await s.deriveKey({ name: 'ECDH', public: javaPub }, mine.privateKey, { name: 'AES-GCM', length: 128 }, true, ['encrypt']);
                const hkdf = await s.deriveKey({ name: 'ECDH', public: javaPub }, mine.privateKey, 'HKDF', false, ['deriveBits']);
                const jwk = await s.exportKey('jwk', mine.privateKey);
                const fromJwk = await s.importKey('jwk', jwk, alg, false, ['deriveBits']);
                const again = hex(await s.deriveBits({ name: 'ECDH', public: javaPub }, fromJwk, 384));
                const other = await s.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
                const ecdsa = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
                return [hex(await s.exportKey('spki', mine.publicKey)), secret, cut, hex(await s.exportKey('raw', aes)) === secret.slice(0, 32),
                    hkdf.algorithm.name, again === secret, jwk.kty, mine.publicKey.usages.length, mine.privateKey.algorithm.namedCurve,
                    await errorName(s.deriveBits({ name: 'ECDH', public: other.publicKey }, mine.privateKey, 256)),
                    await errorName(s.deriveBits({ name: 'ECDH', public: mine.privateKey }, mine.privateKey, 256)),
                    await errorName(s.deriveBits({ name: 'ECDH', public: ecdsa.publicKey }, mine.privateKey, 256)),
                    await errorName(s.deriveBits({ name: 'ECDH', public: javaPub }, mine.privateKey, 392)),
                    await errorName(s.deriveBits({ name: 'ECDH', public: 'nope' }, mine.privateKey, 256)),
                    await errorName(s.deriveBits({ name: 'ECDH', public: mine.publicKey }, mine.publicKey, 256)),
                    await errorName(s.generateKey(alg, true, ['sign'])),
                    await errorName(s.importKey('spki', unhex('%s'), alg, true, ['deriveBits']))].join(',');
                """.formatted(hex(peer.getPublic().getEncoded()), hex(peer.getPublic().getEncoded())));
        String[] parts = out.split(",");
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(peer.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(parts[0]))), true);
        String expected = hex(agreement.generateSecret());
        assertEquals(expected, parts[1], "the JDK computes the same shared secret from the exported public key");
        assertEquals(expected.substring(0, 2) + String.format("%02x", Integer.parseInt(expected.substring(2, 4), 16) & 0xf0), parts[2],
                "12 bits: the second byte keeps its top four bits");
        assertEquals("true,HKDF,true,EC,0,P-384,InvalidAccessError,InvalidAccessError,InvalidAccessError,OperationError,TypeError,"
                + "InvalidAccessError,SyntaxError,SyntaxError", String.join(",", java.util.Arrays.copyOfRange(parts, 3, parts.length)));
    }
}
