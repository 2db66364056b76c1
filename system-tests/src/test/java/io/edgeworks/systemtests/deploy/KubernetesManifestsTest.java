package io.edgeworks.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeworks.bundle.Ed25519Keys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code deploy/k8s/install.sh} generates, checked with the bundle library: the signing key pair works and carries
 * the key id the edge trusts, the values are fresh and long enough, the Redis ACL holds the apps' passwords and the
 * ConfigMaps log the apps in as those ACL users. The manifests themselves (every overlay rendered, schemas, probes,
 * resources, network policies, every Secret reference against {@code install.sh --print}) are checked by
 * {@code deploy/k8s/validate.sh}, which the test command runs in its fast tier.
 */
class KubernetesManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Secret name → key → decoded value, as install.sh --print generates them. */
    private static final Map<String, Map<String, String>> SECRETS = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        Process install = new ProcessBuilder("bash", RepoFiles.path("deploy/k8s/install.sh").toString(), "--print")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(install.waitFor(60, TimeUnit.SECONDS), "install.sh --print did not finish");
        assertEquals(0, install.exitValue(), "install.sh --print failed (needs bash and openssl)");
        for (JsonNode secret : documents(printed)) {
            assertEquals("Secret", secret.path("kind").asText());
            Map<String, String> data = new HashMap<>();
            secret.path("data").properties().forEach(e -> data.put(e.getKey(),
                    new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
            SECRETS.put(secret.path("metadata").path("name").asText(), data);
        }
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    @Test
    void generatedValuesAreFreshAndUsable() throws Exception {
        Map<String, String> api = SECRETS.get("platform-api-keys");
        PrivateKey privateKey = Ed25519Keys.privateKeyFromBase64(api.get("EDGEWORKS_SIGNING_PRIVATE_KEY"));
        String[] trusted = SECRETS.get("edge-node-keys").get("EDGEWORKS_SIGNING_PUBLIC_KEYS").split("=", 2);
        PublicKey publicKey = Ed25519Keys.publicKeyFromBase64(trusted[1]);
        assertEquals(Ed25519Keys.keyId(publicKey), trusted[0], "edge key id = the bundle library's key id of the public key");
        assertEquals(trusted[0], api.get("EDGEWORKS_SIGNING_KEY_ID"), "platform-api signs with the key id the edge trusts");
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(new byte[]{1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(new byte[]{1, 2, 3});
        assertTrue(verifier.verify(signature), "the generated private and public keys are one pair");
        assertEquals(api.get("EDGEWORKS_BUNDLE_SECRET_KEY"), SECRETS.get("edge-node-keys").get("EDGEWORKS_BUNDLE_SECRET_KEY"));
        assertEquals(32, Base64.getDecoder().decode(api.get("EDGEWORKS_BUNDLE_SECRET_KEY")).length);
        assertEquals(32, Base64.getDecoder().decode(api.get("EDGEWORKS_SECRETS_KEY")).length);
        assertTrue(SECRETS.get("tenant-admin-credentials").get("ADMIN_OIDC_SECRET").length() >= 32);
        assertTrue(SECRETS.get("tenant-admin-credentials").get("ADMIN_CSRF_KEY").length() >= 32, "quarkus-rest-csrf wants >= 32 characters");
        assertTrue(SECRETS.get("postgres-credentials").get("PLATFORM_DB_PASSWORD").length() >= 32);
    }

    @Test
    void redisAclTurnsTheDefaultUserOffAndHoldsEachAppsPassword() {
        String acl = SECRETS.get("redis-acl").get("users.acl");
        assertTrue(acl.lines().anyMatch("user default off"::equals), "the default (password-less) user is off:\n" + acl);
        String apiPassword = SECRETS.get("platform-api-redis").get("PLATFORM_REDIS_PASSWORD");
        String edgePassword = SECRETS.get("edge-node-redis").get("EDGE_REDIS_PASSWORD");
        assertTrue(acl.contains("user platform-api on >" + apiPassword + " "), acl);
        assertTrue(acl.contains("user edge-node on >" + edgePassword + " "), acl);
    }

    @Test
    void everyOverlayLogsTheAppsInAsTheirAclUsers() throws IOException {
        // the base ConfigMap (development's Redis) and production's replacement addresses
        for (String file : List.of("deploy/k8s/base/config.yaml", "deploy/k8s/overlays/production/external-services.yaml")) {
            JsonNode config = documents(Files.readString(RepoFiles.path(file))).getFirst().path("data");
            assertTrue(config.path("PLATFORM_REDIS_URL").asText().endsWith("?user=platform-api"), file + ": platform-api logs in as its ACL user");
            assertTrue(config.path("EDGE_REDIS_URL").asText().endsWith("?user=edge-node"), file + ": edge-node logs in as its ACL user");
        }
    }
}
