package io.edgeworks.api.publish;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretSealer;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BundleSecretsTest {
    private static final byte[] KEY = Base64.getDecoder().decode(PublishKeys.DEV_BUNDLE_SECRET_KEY);
    private final BundleSecrets secrets = new BundleSecrets(KEY);
    private final EnvironmentRef hello = new EnvironmentRef("acme", "hello", "production");

    @Test
    void aadNamesEnvironmentVersionAndName() {
        assertEquals("acme/hello/production:3:API_KEY", BundleSecrets.aad(hello, 3, "API_KEY"));
    }

    @Test
    void sealedValueOpensWithSecretSealerUnderTheSameKeyAndAad() {
        String aad = BundleSecrets.aad(hello, 1, "TOKEN");
        SealedSecret sealed = secrets.seal("päss wörd", aad);
        assertEquals("päss wörd", new SecretSealer(KEY).open(sealed, aad));
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer(KEY).open(sealed, BundleSecrets.aad(hello, 2, "TOKEN")));
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer(new byte[32]).open(sealed, aad));
    }

    @Test
    void sealingIsDeterministicPerValueAndPlace() {
        String aad = BundleSecrets.aad(hello, 1, "TOKEN");
        assertEquals(secrets.seal("a", aad), secrets.seal("a", aad), "same value, same place: same bytes");
        SealedSecret a = secrets.seal("a", aad);
        SealedSecret b = secrets.seal("b", aad);
        SealedSecret elsewhere = secrets.seal("a", BundleSecrets.aad(hello, 2, "TOKEN"));
        assertNotEquals(a.nonce(), b.nonce(), "different values never share a nonce");
        assertNotEquals(a.nonce(), elsewhere.nonce(), "different places never share a nonce");
    }
}
