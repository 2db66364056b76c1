package io.edgeworks.edge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.tls.CertifiedKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS listener over real TLS connections on loopback: the certificate is chosen per handshake by
 * SNI (custom domain, configured, development CA), clients verify it against the CA that signed it with
 * host name checks on, and a worker behind it sees an https URL. Certificates are made by the test with
 * its own CAs (test profile {@link Tls}).
 */
@QuarkusTest
@TestProfile(TlsListenerTest.Tls.class)
class TlsListenerTest {
    static final EnvironmentRef SITE = EnvironmentRef.parse("acme/site/production");

    @Inject
    TlsListener listener;
    @Inject
    EdgeRuntime runtime;
    @Inject
    LiveGraph live;
    @Inject
    HttpsRedirects redirects;

    /** Generates the CAs and certificates before the app boots, and points edge.tls.* at them. */
    public static class Tls implements QuarkusTestProfile {
        static final Material MATERIAL = Material.create();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.tls.port", String.valueOf(MATERIAL.port),
                    "edge.tls.host", "127.0.0.1",
                    "edge.tls.certificate-files", MATERIAL.dir.resolve("configured.pem").toString(),
                    "edge.tls.key-files", MATERIAL.dir.resolve("configured.key").toString(),
                    "edge.tls.dev-ca-certificate", MATERIAL.dir.resolve("dev-ca.pem").toString(),
                    "edge.tls.dev-ca-key", MATERIAL.dir.resolve("dev-ca.key").toString(),
                    "edge.http.header-read-timeout-ms", "800");
        }
    }

    @BeforeEach
    void deploy() {
        String source = "export default { fetch(request) { return new Response('served ' + request.url); } };";
        Bundle bundle = new Bundle(Bundle.FORMAT, SITE, List.of(new EnvironmentSpec(SITE, "site.acme.localhost", Deployment.single(1),
                List.of(EdgeHttpRouteTest.version(source, List.of())))));
        GraphBuilder.Result result = runtime.builder().build(new GraphInput(1, Map.of(SITE, bundle), Map.of("site.acme.localhost", SITE),
                List.of(new GraphInput.RouteSpec("r1", "www.example.test/*", SITE),
                        new GraphInput.RouteSpec("r2", "shop.custom.test/*", SITE))), live.get());
        assertTrue(result.failures().isEmpty(), result.failures()::toString);
        live.swap(result.graph());
        listener.certificates().replaceCustom(Map.of());
        redirects.replace(java.util.Set.of());
    }

    @Test
    void aConfiguredCertificateServesTheNamesItCoversAndTheWorkerSeesHttps() throws Exception {
        String response = get("www.example.test", Tls.MATERIAL.operatorCa);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("served https://www.example.test/"), response);
    }

    @Test
    void theDevelopmentCaIssuesTheAccountsWildcardForGeneratedHostnames() throws Exception {
        String response = get("site.acme.localhost", Tls.MATERIAL.devCa);
        assertTrue(response.endsWith("served https://site.acme.localhost/"), response);
        X509Certificate leaf = handshake("site.acme.localhost", Tls.MATERIAL.devCa);
        assertTrue(leaf.getSubjectAlternativeNames().toString().contains("*.acme.localhost"), leaf.toString());
    }

    @Test
    void aCustomDomainsCertificateIsPresentedOnceTheNodeHoldsIt() throws Exception {
        // Without it, the default (configured) certificate does not cover the name: a checking client refuses.
        assertThrows(SSLHandshakeException.class, () -> get("shop.custom.test", Tls.MATERIAL.operatorCa));
        listener.certificates().replaceCustom(Map.of("shop.custom.test",
                Tls.MATERIAL.issue(listener.certificates().newAlias("custom"), "shop.custom.test")));
        String response = get("shop.custom.test", Tls.MATERIAL.operatorCa);
        assertTrue(response.endsWith("served https://shop.custom.test/"), response);
        listener.certificates().replaceCustom(Map.of());
        assertThrows(SSLHandshakeException.class, () -> get("shop.custom.test", Tls.MATERIAL.operatorCa));
    }

    @Test
    void aManifestsCertificateIsPresentedForItsDomainAndOpensOnlyForItsAccount() throws Exception {
        byte[] bundleKey = new byte[io.edgeworks.bundle.SecretSealer.KEY_BYTES];
        new java.security.SecureRandom().nextBytes(bundleKey);
        io.edgeworks.bundle.SecretSealer sealer = new io.edgeworks.bundle.SecretSealer(bundleKey);
        String[] issued = Tls.MATERIAL.issuePem("shop.custom.test");
        io.edgeworks.bundle.AccountManifest.Certificate certificate = new io.edgeworks.bundle.AccountManifest.Certificate(issued[0],
                sealer.seal(issued[1], io.edgeworks.bundle.SecretContext.certificateKey("acme", "shop.custom.test")));
        String digest = "a1".repeat(32);
        io.edgeworks.bundle.AccountManifest acme = new io.edgeworks.bundle.AccountManifest("acme", 3, "localhost", List.of("shop.custom.test"),
                Map.of(SITE.key(), digest), Map.of(), List.of(), Map.of("shop.custom.test", certificate));
        // another account that lists the same name and carries acme's sealed key: it does not open there
        EnvironmentRef other = EnvironmentRef.parse("mallory/site/production");
        io.edgeworks.bundle.AccountManifest mallory = new io.edgeworks.bundle.AccountManifest("mallory", 5, "localhost", List.of("shop.custom.test"),
                Map.of(other.key(), digest), Map.of(), List.of(), Map.of("shop.custom.test", certificate));
        assertTrue(io.edgeworks.edge.tls.ManifestCertificates.open(List.of(mallory), sealer, listener.certificates()).isEmpty());

        assertThrows(SSLHandshakeException.class, () -> get("shop.custom.test", Tls.MATERIAL.operatorCa));
        Map<String, CertifiedKey> opened = io.edgeworks.edge.tls.ManifestCertificates.open(List.of(acme, mallory), sealer, listener.certificates());
        assertEquals(java.util.Set.of("shop.custom.test"), opened.keySet());
        listener.certificates().replaceCustom(opened);
        X509Certificate leaf = handshake("shop.custom.test", Tls.MATERIAL.operatorCa);
        assertTrue(leaf.getSubjectAlternativeNames().toString().contains("shop.custom.test"), leaf.toString());
        assertEquals(PemFilesView.leaf(issued[0]), leaf);
        String response = get("shop.custom.test", Tls.MATERIAL.operatorCa);
        assertTrue(response.endsWith("served https://shop.custom.test/"), response);
    }

    @Test
    void aDomainThatRedirectsSendsPlainHttpToHttpsOnlyWhileTheNodeHoldsItsCertificate() throws Exception {
        String digest = "a1".repeat(32);
        io.edgeworks.bundle.AccountManifest acme = new io.edgeworks.bundle.AccountManifest("acme", 4, "localhost",
                List.of("shop.custom.test", "www.example.test"), Map.of(SITE.key(), digest), Map.of(), List.of(), Map.of(),
                List.of("shop.custom.test", "www.example.test"));
        // no certificate for either name yet: nothing redirects (a redirect would end in a failing handshake)
        assertEquals(java.util.Set.of(), HttpsRedirects.of(List.of(acme), java.util.Set.of()));
        listener.certificates().replaceCustom(Map.of("shop.custom.test",
                Tls.MATERIAL.issue(listener.certificates().newAlias("custom"), "shop.custom.test")));
        redirects.replace(HttpsRedirects.of(List.of(acme), java.util.Set.of("shop.custom.test")));

        String redirected = plain("shop.custom.test", "/cart?item=1&x=%20y");
        assertTrue(redirected.startsWith("HTTP/1.1 308"), redirected);
        assertTrue(redirected.toLowerCase(java.util.Locale.ROOT).contains("location: https://shop.custom.test:" + listener.port() + "/cart?item=1&x=%20y\r\n"),
                redirected);
        String sameHostOtherCase = plain("Shop.Custom.Test:80", "/");
        assertTrue(sameHostOtherCase.startsWith("HTTP/1.1 308"), sameHostOtherCase);
        // renewals and domain proofs stay on HTTP; so does a domain whose certificate the node does not hold
        String acmePath = plain("shop.custom.test", "/.well-known/acme-challenge/unknown-token");
        assertTrue(acmePath.endsWith("served http://shop.custom.test/.well-known/acme-challenge/unknown-token"), acmePath);
        String proof = plain("shop.custom.test", "/.well-known/edgeworks-challenge/t");
        assertTrue(proof.endsWith("served http://shop.custom.test/.well-known/edgeworks-challenge/t"), proof);
        String uncertified = plain("www.example.test", "/");
        assertTrue(uncertified.endsWith("served http://www.example.test/"), uncertified);
        // over HTTPS the worker serves as before
        String secure = get("shop.custom.test", Tls.MATERIAL.operatorCa);
        assertTrue(secure.endsWith("served https://shop.custom.test/"), secure);
    }

    private static String plain(String host, String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /** The leaf of a PEM chain. */
    static final class PemFilesView {
        static X509Certificate leaf(String pem) {
            return io.edgeworks.edge.tls.PemFiles.certificates(pem)[0];
        }
    }

    @Test
    void aClientThatTricklesItsHeadOverTlsIsCutAtTheHeadReadTimeout() throws Exception {
        try (SSLSocket socket = socket("www.example.test", Tls.MATERIAL.operatorCa)) {
            socket.startHandshake();
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: www.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "the edge closes the connection");
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(ms < 5_000, "closed after " + ms + " ms");
        }
    }

    private String get(String host, X509Certificate trusted) throws Exception {
        try (SSLSocket socket = socket(host, trusted)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private X509Certificate handshake(String host, X509Certificate trusted) throws Exception {
        try (SSLSocket socket = socket(host, trusted)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** A TLS client that sends {@code host} as SNI and checks the certificate chain and host name (HTTPS rules). */
    private SSLSocket socket(String host, X509Certificate trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", listener.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Two test CAs (an "operator" one and a development one) and the operator's certificate for *.example.test. */
    record Material(Path dir, int port, X509Certificate operatorCa, PrivateKey operatorCaKey, X509Certificate devCa) {
        static Material create() {
            try {
                Path dir = Files.createTempDirectory("edge-tls-test");
                KeyPair operatorKeys = keys();
                X509Certificate operatorCa = certificate("CN=Operator Test CA", operatorKeys, "CN=Operator Test CA", operatorKeys.getPrivate(), true);
                KeyPair devKeys = keys();
                X509Certificate devCa = certificate("CN=Edgeworks Development CA", devKeys, "CN=Edgeworks Development CA", devKeys.getPrivate(), true);
                KeyPair leafKeys = keys();
                X509Certificate leaf = certificate("CN=*.example.test", leafKeys, "CN=Operator Test CA", operatorKeys.getPrivate(), false,
                        "*.example.test", "example.test");
                Files.writeString(dir.resolve("configured.pem"), pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", operatorCa.getEncoded()));
                Files.writeString(dir.resolve("configured.key"), pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()));
                Files.writeString(dir.resolve("dev-ca.pem"), pem("CERTIFICATE", devCa.getEncoded()));
                Files.writeString(dir.resolve("dev-ca.key"), pem("PRIVATE KEY", devKeys.getPrivate().getEncoded()));
                int port;
                try (ServerSocket free = new ServerSocket(0)) {
                    port = free.getLocalPort();
                }
                return new Material(dir, port, operatorCa, operatorKeys.getPrivate(), devCa);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A custom domain's certificate, signed by the operator CA (as an ACME CA would sign it). */
        CertifiedKey issue(String alias, String name) throws Exception {
            KeyPair keys = keys();
            X509Certificate leaf = certificate("CN=" + name, keys, "CN=Operator Test CA", operatorCaKey, false, name);
            return CertifiedKey.of(alias, new X509Certificate[] {leaf, operatorCa}, keys.getPrivate());
        }

        /** A custom domain's certificate as PEM texts: {chain (leaf, CA), private key}, as an account manifest carries them. */
        String[] issuePem(String name) throws Exception {
            KeyPair keys = keys();
            X509Certificate leaf = certificate("CN=" + name, keys, "CN=Operator Test CA", operatorCaKey, false, name);
            return new String[] {pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", operatorCa.getEncoded()),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded())};
        }

        private static KeyPair keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        }

        private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey, boolean ca,
                                                   String... names) throws Exception {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (names.length > 0) {
                GeneralName[] general = new GeneralName[names.length];
                for (int i = 0; i < names.length; i++) {
                    general[i] = new GeneralName(GeneralName.dNSName, names[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }
}
