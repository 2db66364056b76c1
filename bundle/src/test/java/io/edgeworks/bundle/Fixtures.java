package io.edgeworks.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The representative bundle behind the golden files, and the committed test keys. */
final class Fixtures {
    static final EnvironmentRef HELLO = new EnvironmentRef("acme", "hello", "production");
    static final EnvironmentRef AUTH = new EnvironmentRef("acme", "auth", "production");
    static final String SECRET_AAD = "acme/hello/production/API_TOKEN";
    static final String SECRET_PLAINTEXT = "sk_live_ünïcode-🔑";
    /** {@link #SECRET_PLAINTEXT} sealed once with {@code keys/secret-key.b64} and {@link #SECRET_AAD}. */
    static final SealedSecret SEALED = new SealedSecret("O+KWlQgbaIrvuiHk", "G3ETqVgjNT3wNNsprbYnNOaeqibe7cBsVKbmLvdfosGFoq07ksM=");

    /** A certificate key's PEM (a stub body: the codec never parses it) sealed once for account acme, domain shop.example. */
    static final String CERTIFICATE_KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    static final SealedSecret SEALED_CERTIFICATE_KEY = new SealedSecret("gMGZ4l6nhDAI3Jew",
            "Doc31sC1dxDuWblKnMQjhbZVBSOW+7tksfxnfhJmuhoRmnpj6+u21QPOMw7s6w4cbH3F3wZy73o40WiT/Oa7bez/VKUuKz1JXPMGZ5nJq7crsA7zNNnaxnrIUOdeAiRAWxHfajcghCY0Zk11A84kn3Np+nG979Y=");
    static final String CERTIFICATE_CHAIN = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIIE2E=\n-----END CERTIFICATE-----\n";

    private Fixtures() {
    }

    /**
     * Two environments (given out of key order), a 10/90 split declared newest first, versions given out
     * of number order, bindings declared out of name order, nested modules, unicode in sources, keys and
     * vars, a sealed secret, default and explicit limits.
     */
    static Bundle representativeBundle() {
        VersionSpec hello3 = new VersionSpec("3f0c2a0e-0d4b-4c5e-9a53-3c7f3b1e0a03", 3, "src/index.js",
                map("src/index.js", "import { greet } from './lib/greet.js';\nexport default { async fetch(req, env) { return new Response(greet('wörld')); } };\n",
                        "src/lib/greet.js", "export const greet = (n) => `Hello, ${n}!`;\n"),
                map("GREETING", "Hello"),
                null,
                List.of(new Binding.Kv("CACHE", "cache", "kv_01hzx3")),
                null,
                "a3".repeat(32));
        VersionSpec hello4 = new VersionSpec("7b1d9e52-5d6f-4a0b-8f1e-2b9c4d6e8f04", 4, "src/index.js",
                map("src/index.js", "import { greet } from './lib/greet.js';\nimport { wave } from './lib/zeta/wave.js';\nexport default {\n  async fetch(req, env) {\n    const who = await env.AUTH.fetch(req);\n    return new Response(greet(await who.text()) + wave() + ' \"quoted\"\\tand\\\\slashed');\n  }\n};\n",
                        "src/lib/greet.js", "export const greet = (n) => `Grüß Gott, ${n}! 你好 🌍`;\n",
                        "src/lib/zeta/wave.js", "export const wave = () => '👋\\u2028';\n",
                        "src/lib/ünï.js", "export const ü = 'ü';\n",
                        "src/Lib/Upper.js", "export const upper = 'sorted before lower case';\n"),
                map("GREETING", "Grüß Gott", "LOG_LEVEL", "debug", "EMPTY", "", "CONTROL", "tab\there\u0001bell\u007f"),
                new TreeMap<>(Map.of("API_TOKEN", SEALED)),
                List.of(new Binding.Kv("CACHE", "cache", "kv_01hzx3"), new Binding.Service("AUTH", "auth", "production")),
                new Limits(75),
                "b4".repeat(32));
        VersionSpec auth7 = new VersionSpec("c2e8a1f4-1b3d-4e5f-8a7b-9c0d1e2f3a07", 7, "worker.js",
                map("worker.js", "export default { fetch: () => new Response('alice', { status: 200 }) };\n"),
                null, null, null, null,
                "c7".repeat(32));
        EnvironmentSpec hello = new EnvironmentSpec(HELLO, "hello.acme.edgeworks.localhost",
                new Deployment(List.of(new Deployment.Split(4, 10), new Deployment.Split(3, 90)), 12), List.of(hello4, hello3));
        EnvironmentSpec auth = new EnvironmentSpec(AUTH, "auth.acme.edgeworks.localhost", Deployment.single(7, 9), List.of(auth7));
        return new Bundle(Bundle.FORMAT, HELLO, List.of(hello, auth));
    }

    /**
     * An account manifest covering every field: two custom domains (given unsorted), two environments,
     * hostnames, a route per domain kind (exact and wildcard host), given out of id order, a certificate for one
     * domain, which also redirects HTTP to HTTPS, and two cron triggers of one environment (given unsorted).
     */
    static AccountManifest representativeManifest() {
        return new AccountManifest("acme", 42, "edgeworks.localhost", List.of("shop.example", "acme.test"),
                new TreeMap<>(Map.of(HELLO.key(), "a1".repeat(32), AUTH.key(), "b2".repeat(32))),
                new TreeMap<>(Map.of("hello.acme.edgeworks.localhost", HELLO.key(), "auth.acme.edgeworks.localhost", AUTH.key())),
                List.of(new AccountManifest.Route("r2-wild", "*.acme.test/api/*", AUTH.key()),
                        new AccountManifest.Route("r1-shop", "https://shop.example/ünï*", HELLO.key())),
                Map.of("shop.example", new AccountManifest.Certificate(CERTIFICATE_CHAIN, SEALED_CERTIFICATE_KEY)),
                List.of("shop.example"), Map.of(HELLO.key(), List.of("30 9 * * MON-FRI", "*/5 * * * *")));
    }

    static TreeMap<String, String> map(String... keysAndValues) {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8).strip();
    }

    static PrivateKey signingKey() {
        return Ed25519Keys.privateKeyFromBase64(text("keys/signing-key.pk8.b64"));
    }

    static PublicKey publicKey() {
        return Ed25519Keys.publicKeyFromBase64(text("keys/signing-key.pub.b64"));
    }

    static String keyId() {
        return text("keys/signing-key.id");
    }

    static SecretSealer sealer() {
        return SecretSealer.fromBase64(text("keys/secret-key.b64"));
    }
}
