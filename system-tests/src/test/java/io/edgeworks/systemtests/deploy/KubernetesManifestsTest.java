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
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What can be checked of {@code deploy/k8s} without a cluster: every manifest parses; no Secret and no literal
 * secret value is committed; every Secret and key a manifest references is one {@code install.sh} generates
 * (run with {@code --print}, which needs only openssl); the generated signing key pair works with the bundle
 * library; the Redis ACL holds the apps' passwords; Keycloak runs {@code start} (not {@code start-dev}) on its
 * own PostgreSQL; kustomize builds the whole set when {@code kubectl} is installed. Not checked here: that a
 * cluster accepts and runs it (schemas, images, probes, the realm import).
 */
class KubernetesManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|PRIVATE_KEY|SECRETS_KEY|CSRF_KEY|TOKEN).*");

    private static final List<JsonNode> MANIFESTS = new ArrayList<>();
    /** Secret name → key → decoded value, as install.sh --print generates them. */
    private static final Map<String, Map<String, String>> SECRETS = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        try (Stream<Path> files = Files.list(RepoFiles.path("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                MANIFESTS.addAll(documents(Files.readString(file)));
            }
        }
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

    private static List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode doc : MANIFESTS) {
            doc.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        }
        return containers;
    }

    private static JsonNode named(String kind, String name) {
        return MANIFESTS.stream().filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText(null);
            }
        }
        return null;
    }

    @Test
    void everyManifestHasKindNameAndNamespace() {
        assertTrue(MANIFESTS.size() >= 15, "manifests parsed: " + MANIFESTS.size());
        for (JsonNode doc : MANIFESTS) {
            assertFalse(doc.path("kind").asText().isEmpty(), "a document without kind: " + doc);
            assertFalse(doc.path("metadata").path("name").asText().isEmpty(), "a document without name: " + doc);
            if (!"Namespace".equals(doc.path("kind").asText())) {
                assertEquals("edgeworks", doc.path("metadata").path("namespace").asText(), doc.path("metadata").toString());
            }
        }
    }

    @Test
    void noSecretValueIsCommitted() {
        for (JsonNode doc : MANIFESTS) {
            assertFalse("Secret".equals(doc.path("kind").asText()), "a Secret is committed: " + doc.path("metadata"));
            doc.path("data").properties().forEach(e -> assertFalse(SECRET_NAME.matcher(e.getKey()).matches(),
                    "ConfigMap " + doc.path("metadata").path("name").asText() + " carries secret-looking key " + e.getKey()));
        }
        for (JsonNode container : containers()) {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (SECRET_NAME.matcher(name).matches()) {
                    assertTrue(env.path("value").isMissingNode() && env.path("valueFrom").has("secretKeyRef"),
                            container.path("name").asText() + ": " + name + " must come from a Secret, not a literal");
                }
            }
        }
    }

    @Test
    void everyReferencedSecretAndKeyIsGeneratedByInstall() {
        int references = 0;
        for (JsonNode doc : MANIFESTS) {
            JsonNode pod = doc.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        references++;
                        Map<String, String> secret = SECRETS.get(ref.path("name").asText());
                        assertNotNull(secret, "install.sh creates no Secret " + ref.path("name").asText());
                        assertTrue(secret.containsKey(ref.path("key").asText()), "Secret " + ref.path("name").asText()
                                + " has no key " + ref.path("key").asText() + " (has " + secret.keySet() + ")");
                    }
                    JsonNode config = env.path("valueFrom").path("configMapKeyRef");
                    if (!config.isMissingNode()) {
                        assertTrue(named("ConfigMap", config.path("name").asText()).path("data").has(config.path("key").asText()),
                                "ConfigMap " + config.path("name").asText() + " has no key " + config.path("key").asText());
                    }
                }
                for (JsonNode from : container.path("envFrom")) {
                    if (from.has("secretRef")) {
                        references++;
                        assertTrue(SECRETS.containsKey(from.path("secretRef").path("name").asText()),
                                "install.sh creates no Secret " + from.path("secretRef").path("name").asText());
                    }
                    if (from.has("configMapRef")) {
                        named("ConfigMap", from.path("configMapRef").path("name").asText());
                    }
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("secret")) {
                    references++;
                    assertTrue(SECRETS.containsKey(volume.path("secret").path("secretName").asText()),
                            "install.sh creates no Secret " + volume.path("secret").path("secretName").asText());
                }
            }
        }
        assertTrue(references >= 10, "secret references found: " + references);
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
        JsonNode config = named("ConfigMap", "edgeworks-config").path("data");
        assertTrue(config.path("PLATFORM_REDIS_URL").asText().endsWith("?user=platform-api"), "platform-api logs in as its ACL user");
        assertTrue(config.path("EDGE_REDIS_URL").asText().endsWith("?user=edge-node"), "edge-node logs in as its ACL user");
    }

    @Test
    void keycloakRunsInProductionModeOnItsOwnDatabase() {
        JsonNode keycloak = named("Deployment", "keycloak").path("spec").path("template").path("spec").path("containers").get(0);
        List<String> args = new ArrayList<>();
        keycloak.path("args").forEach(a -> args.add(a.asText()));
        assertEquals("start", args.getFirst(), "Keycloak must run `start` (production mode): " + args);
        assertFalse(args.contains("start-dev"), args.toString());
        assertEquals("postgres", env(keycloak, "KC_DB"));
        String url = env(keycloak, "KC_DB_URL");
        assertTrue(url != null && url.startsWith("jdbc:postgresql://keycloak-db:"), "KC_DB_URL: " + url);
        named("Service", "keycloak-db");
        named("StatefulSet", "keycloak-db");
        assertFalse(url.contains("//postgres:"), "Keycloak must not share the platform's database server");
    }

    @Test
    void kustomizeBuildsTheSetWithTheProductionRealm() throws Exception {
        assertTrue(Files.readString(RepoFiles.path("deploy/k8s/kustomization.yaml")).contains("keycloak-realm.json"));
        boolean kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        assumeTrue(kubectl, "kubectl is not installed: kustomize build not checked");
        Process build = new ProcessBuilder("kubectl", "kustomize", RepoFiles.path("deploy/k8s").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, build.exitValue(), "kubectl kustomize deploy/k8s failed");
        JsonNode realm = documents(out).stream().filter(d -> "keycloak-realm".equals(d.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("kustomize built no ConfigMap keycloak-realm"));
        assertTrue(realm.path("data").path("platform-realm.json").asText().contains("\"bruteForceProtected\": true"));
    }
}
