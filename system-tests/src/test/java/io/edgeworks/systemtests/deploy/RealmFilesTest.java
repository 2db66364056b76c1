package io.edgeworks.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two Keycloak realm files. Production ({@code deploy/k8s/base/keycloak-realm.json}, imported by the cluster's
 * Keycloak): no users, no password grant, no implicit flow, brute-force protection, short access tokens, no
 * client secret in the file. Development ({@code deploy/keycloak/platform-realm.json}, up.sh and the tests):
 * the demo users and the password grant on {@code platform-cli} that CONTRACT.md promises, and the client
 * platform-api must refuse.
 */
class RealmFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    private static JsonNode realm(String file) throws IOException {
        return JSON.readTree(RepoFiles.path(file).toFile());
    }

    private static JsonNode client(JsonNode realm, String id) {
        return StreamSupport.stream(realm.path("clients").spliterator(), false)
                .filter(c -> id.equals(c.path("clientId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("realm has no client " + id));
    }

    @Test
    void productionRealmHasNoDemoUsersNoPasswordGrantAndBruteForceProtection() throws IOException {
        JsonNode realm = realm("deploy/k8s/base/keycloak-realm.json");
        assertEquals("platform", realm.path("realm").asText());
        assertTrue(realm.path("users").isMissingNode() || realm.path("users").isEmpty(), "production realm must ship no users");
        assertTrue(realm.path("bruteForceProtected").asBoolean(false), "brute-force protection must be on");
        assertTrue(realm.path("failureFactor").asInt(0) > 0 && realm.path("failureFactor").asInt() <= 10,
                "lock out after a few failures (failureFactor 1..10)");
        assertFalse(realm.path("registrationAllowed").asBoolean(true), "no self-registration");
        assertFalse("none".equals(realm.path("sslRequired").asText("none")), "sslRequired must not be none");

        int access = realm.path("accessTokenLifespan").asInt(0);
        assertTrue(access > 0 && access <= 600, "access tokens live at most 10 minutes, got " + access);
        int idle = realm.path("ssoSessionIdleTimeout").asInt(0);
        assertTrue(idle > 0 && idle <= 3600, "SSO sessions idle out within an hour, got " + idle);
        int max = realm.path("ssoSessionMaxLifespan").asInt(0);
        assertTrue(max > 0 && max <= 86_400, "SSO sessions end within a day, got " + max);
        assertTrue(realm.path("revokeRefreshToken").asBoolean(false), "refresh tokens are single use");

        List<String> clients = new ArrayList<>();
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            clients.add(id);
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(true), id + ": no password grant (directAccessGrantsEnabled)");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(true), id + ": no implicit flow");
            for (JsonNode uri : client.path("redirectUris")) {
                assertFalse(uri.asText().equals("*") || uri.asText().equals("/*"), id + ": wildcard redirect URI " + uri);
            }
            if (client.has("secret")) {
                assertTrue(PLACEHOLDER.matcher(client.path("secret").asText()).matches(),
                        id + ": a client secret must be a ${ENV} placeholder filled at import, not a value in the file");
            }
        }
        assertEquals(Set.of("platform-cli", "tenant-admin"), Set.copyOf(clients), "production clients");
        JsonNode cli = client(realm, "platform-cli");
        assertTrue(cli.path("publicClient").asBoolean(), "platform-cli is public");
        assertEquals("S256", cli.path("attributes").path("pkce.code.challenge.method").asText(), "platform-cli needs PKCE");
        assertFalse(client(realm, "tenant-admin").path("publicClient").asBoolean(true), "tenant-admin is confidential");
    }

    @Test
    void developmentRealmKeepsWhatTheLocalStackAndTestsNeed() throws IOException {
        JsonNode realm = realm("deploy/keycloak/platform-realm.json");
        List<String> users = StreamSupport.stream(realm.path("users").spliterator(), false)
                .map(u -> u.path("username").asText()).toList();
        assertTrue(users.containsAll(List.of("alice", "bob", "carol")), "demo users alice, bob, carol: " + users);
        assertTrue(client(realm, "platform-cli").path("directAccessGrantsEnabled").asBoolean(), "platform-cli allows the password grant");
        JsonNode untrusted = client(realm, "platform-untrusted");
        assertTrue(untrusted.path("directAccessGrantsEnabled").asBoolean(), "the refused client can get tokens (ApiAuthIT)");
    }
}
