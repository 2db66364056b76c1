package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A custom domain's certificate end to end (README "Custom domains", certificates): the domain is claimed and
 * verified through challtestsrv, platform-api orders its certificate from the stack's pebble (HTTP-01 answered by
 * the edge from Redis), the manifest brings it to the edge, and an HTTPS request to the edge's TLS port with that
 * SNI, trusting only pebble's root, reaches the worker; with the domain's HTTP → HTTPS redirect on, plain HTTP
 * gets 308 to the edge's HTTPS port.
 */
class CertificateIT {
    static final String PEBBLE_MANAGEMENT_URL = "edgeworks.it.pebble-management-url";
    static final String PEBBLE_TLS_CERTIFICATE = "edgeworks.it.pebble-tls-certificate";
    static final String EDGE_TLS_PORT = "edgeworks.it.edge-tls-port";

    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createAccount() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "certs");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void aVerifiedDomainGetsACertificateThatTheEdgePresents() throws Exception {
        String domain = "www." + tenant.slug() + ".test";
        tenant.deployNewService("shop", Workers.GREETER);
        tenant.verifiedDomain(domain);
        alice.post(tenant.path() + "/routes", Json.object("pattern", domain + "/*", "service", "shop", "environment", "production")).expect(201);
        Edge.awaitAnswer(domain, "/", 200, "hello world");

        JsonNode view = Poll.until(Duration.ofSeconds(120), () -> alice.get(tenant.path() + "/domains/" + domain).expect(200).json(),
                v -> !List.of("none", "pending").contains(v.path("certificate").path("status").asText()), "the certificate of " + domain);
        assertTrue("valid".equals(view.path("certificate").path("status").asText()), "certificate not issued: " + view);
        assertTrue(Instant.parse(view.path("certificate").path("not_after").asText()).isAfter(Instant.now()), view.toString());

        X509Certificate root = pebbleRoot();
        String response = Poll.until(Edge.PROPAGATION, () -> {
            try {
                return httpsGet(domain, root);
            } catch (Exception e) {
                return "no answer: " + e;
            }
        }, r -> r.startsWith("HTTP/1.1 200"), "HTTPS for " + domain + " with a certificate chaining to pebble's root");
        assertTrue(response.contains("hello world"), response);

        // HTTP -> HTTPS for the domain, now that the edge holds its certificate; the ACME path stays on HTTP
        int tlsPort = Integer.getInteger(EDGE_TLS_PORT, 8443);
        alice.patch(tenant.path() + "/domains/" + domain, Json.object("https_redirect", true)).expect(200);
        var redirected = Edge.await(domain, "/cart?x=1", java.util.Map.of(), r -> r.status() == 308, "308 to HTTPS");
        assertTrue(("https://" + domain + ":" + tlsPort + "/cart?x=1").equals(redirected.header("location")), redirected.describe());
        assertTrue(Edge.get(domain, "/.well-known/acme-challenge/none").status() == 200, "the ACME path is not redirected");
        alice.patch(tenant.path() + "/domains/" + domain, Json.object("https_redirect", false)).expect(200);
        Edge.awaitAnswer(domain, "/", 200, "hello world");
    }

    /** Pebble's current root (its management API), fetched trusting pebble's own HTTPS certificate. */
    private static X509Certificate pebbleRoot() throws Exception {
        String management = System.getProperty(PEBBLE_MANAGEMENT_URL, "https://127.0.0.1:15000");
        Path listenerCert = Path.of(System.getProperty(PEBBLE_TLS_CERTIFICATE,
                System.getenv().getOrDefault("EDGEWORKS_STATE_DIR", Path.of("..", ".state").toString()) + "/pebble/cert.pem"));
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificates(Files.readAllBytes(listenerCert))))
                .connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<byte[]> roots = client.send(HttpRequest.newBuilder(URI.create(management + "/roots/0")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(roots.statusCode() == 200, "pebble's /roots/0 answered " + roots.statusCode());
        return (X509Certificate) certificates(roots.body()).iterator().next();
    }

    /** GET / over TLS to the edge's HTTPS port with {@code host} as SNI and Host, checking the chain and the name. */
    private static String httpsGet(String host, X509Certificate root) throws Exception {
        int port = Integer.getInteger(EDGE_TLS_PORT, 8443);
        try (SSLSocket socket = (SSLSocket) trusting(List.of(root)).getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(host)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(body);
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static Collection<? extends Certificate> certificates(byte[] pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    }

    private static SSLContext trusting(Collection<? extends Certificate> trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : trusted) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
