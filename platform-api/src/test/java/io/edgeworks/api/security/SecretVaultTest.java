package io.edgeworks.api.security;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static io.edgeworks.api.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SecretVaultTest {
    @Inject
    SecretVault vault;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "platform.secrets.key")
    String secretsKey;

    private static final SecretVault.Place HERE = new SecretVault.Place(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    @Test
    void sealsWithAFreshNonceAndBindsTheNameAndThePlace() {
        SealedSecret a = vault.seal(HERE, "TOKEN", "value");
        SealedSecret b = vault.seal(HERE, "TOKEN", "value");
        assertNotEquals(a.nonce(), b.nonce());
        assertNotEquals(a.ciphertext(), b.ciphertext());
        assertEquals("value", vault.open(HERE, "TOKEN", a));
        assertTrue(vault.bound(HERE, "TOKEN", a));
        assertEquals(vault.fingerprint(HERE, "TOKEN", a), vault.fingerprint(HERE, "TOKEN", b));
        assertNotEquals(vault.fingerprint(HERE, "TOKEN", a), vault.fingerprint(HERE, "TOKEN", vault.seal(HERE, "TOKEN", "other")));
        assertThrows(IllegalStateException.class, () -> vault.open(HERE, "OTHER", a));
        // the same value copied into another environment's, service's or account's row does not open there
        assertThrows(IllegalStateException.class, () -> vault.open(new SecretVault.Place(HERE.account(), HERE.service(), UUID.randomUUID()), "TOKEN", a));
        assertThrows(IllegalStateException.class, () -> vault.open(new SecretVault.Place(HERE.account(), UUID.randomUUID(), HERE.environment()), "TOKEN", a));
        assertThrows(IllegalStateException.class, () -> vault.open(new SecretVault.Place(UUID.randomUUID(), HERE.service(), HERE.environment()), "TOKEN", a));
    }

    @Test
    void rebindSealsForTheTargetAndKeepsTheFingerprint() {
        SecretVault.Place there = new SecretVault.Place(HERE.account(), HERE.service(), UUID.randomUUID());
        SealedSecret here = vault.seal(HERE, "TOKEN", "value");
        SealedSecret moved = vault.rebind(HERE, there, "TOKEN", here);
        assertEquals("value", vault.open(there, "TOKEN", moved));
        assertFalse(vault.bound(HERE, "TOKEN", moved));
        assertEquals(vault.fingerprint(HERE, "TOKEN", here), vault.fingerprint(there, "TOKEN", moved), "digests do not depend on the place");
        assertEquals(here, vault.rebind(HERE, HERE, "TOKEN", here), "already bound: unchanged");
    }

    @Test
    void legacyValuesNoLongerOpenOnceRetired() {
        SealedSecret legacy = SecretSealer.fromBase64(secretsKey).seal("old", SecretContext.legacyAtRest("TOKEN"));
        assertFalse(vault.legacyAccepted(), "the start-up re-encryption ran and retired the legacy rule");
        assertFalse(vault.bound(HERE, "TOKEN", legacy));
        assertThrows(IllegalStateException.class, () -> vault.open(HERE, "TOKEN", legacy));
        assertEquals("old", vault.openLegacy("TOKEN", legacy), "only the re-encryption can still read them");
    }

    @Test
    void theDatabaseHoldsOnlyCiphertext() throws Exception {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        String plaintext = "plain-" + Api.unique("s");
        as(owner).body(Map.of("value", plaintext)).put(Api.env(slug, "hello", "production") + "/secrets/DB_PASSWORD").then().statusCode(201);
        try (Connection db = DriverManager.getConnection(jdbcUrl, "platform", "platform");
             PreparedStatement query = db.prepareStatement("select v.secrets ->> 'DB_PASSWORD', v.secrets::text from versions v "
                     + "join environments e on e.id = v.environment_id where e.hostname = ? and v.number = 2")) {
            query.setString(1, "hello." + slug + ".localhost");
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertFalse(row.getString(2).contains(plaintext));
                com.fasterxml.jackson.databind.JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.getString(1));
                SealedSecret sealed = new SealedSecret(stored.get("nonce").asText(), stored.get("ciphertext").asText());
                assertEquals(plaintext, vault.open(place(db, slug), "DB_PASSWORD", sealed));
                assertThrows(IllegalStateException.class, () -> vault.open(HERE, "DB_PASSWORD", sealed), "bound to its environment");
            }
        }
    }

    private static SecretVault.Place place(Connection db, String slug) throws Exception {
        try (PreparedStatement q = db.prepareStatement("select a.id, s.id, e.id from accounts a join services s on s.account_id = a.id "
                + "join environments e on e.service_id = s.id where a.slug = ? and s.name = 'hello' and e.name = 'production'")) {
            q.setString(1, slug);
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                return new SecretVault.Place(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getObject(3, UUID.class));
            }
        }
    }
}
