package io.edgeworks.api.security;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.SealedSecret;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

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

    @Test
    void sealsWithAFreshNonceAndBindsTheName() {
        SealedSecret a = vault.seal("TOKEN", "value");
        SealedSecret b = vault.seal("TOKEN", "value");
        assertNotEquals(a.nonce(), b.nonce());
        assertNotEquals(a.ciphertext(), b.ciphertext());
        assertEquals("value", vault.open("TOKEN", a));
        assertEquals(vault.fingerprint("TOKEN", a), vault.fingerprint("TOKEN", b));
        assertNotEquals(vault.fingerprint("TOKEN", a), vault.fingerprint("TOKEN", vault.seal("TOKEN", "other")));
        assertThrows(IllegalArgumentException.class, () -> vault.open("OTHER", a));
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
                assertEquals(plaintext, vault.open("DB_PASSWORD", new SealedSecret(stored.get("nonce").asText(), stored.get("ciphertext").asText())));
            }
        }
    }
}
