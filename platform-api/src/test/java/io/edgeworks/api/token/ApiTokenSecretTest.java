package io.edgeworks.api.token;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenSecretTest {

    @Test
    void formatIsPrefixLookupIdAndA256BitBase62Secret() {
        ApiTokenSecret secret = ApiTokenSecret.generate();
        assertTrue(secret.token().matches("ewt_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}"), secret.token());
        assertEquals(secret.token().substring(4, 20), secret.lookupId());
        // 43 base62 characters carry more than 32 bytes of randomness
        assertTrue(43 * Math.log(62) / Math.log(2) >= 256);
        assertEquals(Optional.of(secret.lookupId()), ApiTokenSecret.lookupIdOf(secret.token()));
        assertFalse(secret.toString().contains(secret.token().substring(21)), "toString never shows the secret");
    }

    @Test
    void tokensAreUnique() {
        Set<String> seen = new HashSet<>();
        Set<String> lookups = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiTokenSecret secret = ApiTokenSecret.generate();
            assertTrue(seen.add(secret.token()));
            assertTrue(lookups.add(secret.lookupId()));
        }
    }

    @Test
    void malformedTokensHaveNoLookupId() {
        String good = ApiTokenSecret.generate().token();
        for (String bad : new String[]{null, "", "ewt_", good + "x", good.substring(0, good.length() - 1), good.replace("_", "-"),
                "Ewt_" + good.substring(4), good.substring(0, 30) + "!" + good.substring(31), "eyJhbGciOiJSUzI1NiJ9.e30.sig"}) {
            assertEquals(Optional.empty(), ApiTokenSecret.lookupIdOf(bad), String.valueOf(bad));
        }
        assertTrue(ApiTokenSecret.looksLikeToken("ewt_anything"));
        assertFalse(ApiTokenSecret.looksLikeToken("eyJhbGciOiJSUzI1NiJ9.e30.sig"));
        assertFalse(ApiTokenSecret.looksLikeToken(null));
    }

    @Test
    void storedFormIsTheSha256OfTheWholeTokenAndMatchesOnlyIt() throws Exception {
        ApiTokenSecret secret = ApiTokenSecret.generate();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(secret.token().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, secret.hash());
        assertTrue(ApiTokenSecret.matches(secret.token(), secret.hash()));
        String tampered = secret.token().substring(0, secret.token().length() - 1)
                + (secret.token().endsWith("a") ? "b" : "a");
        assertFalse(ApiTokenSecret.matches(tampered, secret.hash()));
        assertFalse(ApiTokenSecret.matches(secret.token(), null));
        assertFalse(ApiTokenSecret.matches(ApiTokenSecret.generate().token(), secret.hash()));
    }

    @Test
    void ttlAcceptsUnitsAndIso8601() {
        assertEquals(java.time.Duration.ofDays(90), ApiTokenService.parseTtl("90d"));
        assertEquals(java.time.Duration.ofHours(12), ApiTokenService.parseTtl("12h"));
        assertEquals(java.time.Duration.ofMinutes(30), ApiTokenService.parseTtl(" 30m "));
        assertEquals(java.time.Duration.ofSeconds(3600), ApiTokenService.parseTtl("3600s"));
        assertEquals(java.time.Duration.ofDays(90), ApiTokenService.parseTtl("P90D"));
        assertEquals(java.time.Duration.ofHours(2), ApiTokenService.parseTtl("pt2h"));
        assertEquals(null, ApiTokenService.parseTtl("soon"));
    }
}
