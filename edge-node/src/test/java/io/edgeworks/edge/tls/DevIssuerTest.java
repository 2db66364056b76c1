package io.edgeworks.edge.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The development CA: which names it certifies, and how the store falls back to it. */
class DevIssuerTest {

    @Test
    void itCertifiesOnlyTheAccountWildcardOfGeneratedHostnames() throws Exception {
        DevIssuer issuer = issuer();
        assertEquals("*.acme.localhost", issuer.wildcardFor("hello.acme.localhost"));
        assertEquals("*.acme.localhost", issuer.wildcardFor("staging-hello.acme.localhost"));
        assertNull(issuer.wildcardFor("acme.localhost"));
        assertNull(issuer.wildcardFor("a.b.acme.localhost"));
        assertNull(issuer.wildcardFor("shop.example.com"));
        assertNull(issuer.wildcardFor("evil-localhost"));
    }

    @Test
    void theStoreIssuesOncePerAccountAndTheWildcardCoversOneLabelOnly() throws Exception {
        CertificateStore store = new CertificateStore(List.of(), issuer());
        CertifiedKey first = store.choose("hello.acme.localhost", "EC");
        assertSame(first, store.choose("api.acme.localhost", "EC"));
        assertTrue(first.covers("hello.acme.localhost"));
        assertTrue(first.covers("acme.localhost"));
        assertFalse(first.covers("x.hello.acme.localhost"));
        assertFalse(first.covers("hello.other.localhost"));
        assertSame(first, store.byAlias(first.alias()));
        assertNull(store.choose("shop.example.com", "EC"), "no certificate for a name nobody covers");
        assertNull(store.choose("hello.acme.localhost", "RSA"), "an EC key does not serve an RSA-only handshake");
    }

    private static DevIssuer issuer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Dev CA"), BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=Dev CA"), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new DevIssuer(ca, keys.getPrivate(), "localhost");
    }
}
