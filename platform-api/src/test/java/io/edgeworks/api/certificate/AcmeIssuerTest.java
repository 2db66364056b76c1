package io.edgeworks.api.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACME issuer against a real Pebble: a certificate for a domain whose HTTP-01 challenge is answered
 * (by a test-side responder on loopback standing in for the edge), and a clear failure when it is not.
 */
class AcmeIssuerTest {
    static final Map<String, String> answers = new ConcurrentHashMap<>();
    static HttpServer responder;
    static PebbleServer pebble;
    static AcmeIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String answer = answers.get(token);
            byte[] body = (answer == null ? "" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        pebble = PebbleServer.start(responder.getAddress().getPort());
        KeyPair account = AcmeIssuer.newAccountKey();
        issuer = new AcmeIssuer(pebble.directory(), List.of(pebble.tlsCertificate()), account, "ops@example.test", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (responder != null) {
            responder.stop(0);
        }
    }

    @Test
    void aDomainWhoseChallengeIsAnsweredGetsACertificateForItsName() throws Exception {
        AcmeIssuer.Http01 http01 = new AcmeIssuer.Http01() {
            public void publish(String token, String keyAuthorization) {
                answers.put(token, keyAuthorization);
            }

            public void withdraw(String token) {
                answers.remove(token);
            }
        };
        AcmeIssuer.Issued issued = issuer.issue("shop.example.test", http01);
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(issued.chainPem().getBytes(StandardCharsets.US_ASCII))).iterator().next();
        assertTrue(leaf.getSubjectAlternativeNames().toString().contains("shop.example.test"), leaf.toString());
        assertEquals(leaf.getNotAfter().toInstant(), issued.notAfter());
        assertTrue(issued.notAfter().isAfter(Instant.now().plus(Duration.ofDays(1))));
        assertTrue(issued.keyPem().contains("PRIVATE KEY"));
        assertTrue(answers.isEmpty(), "challenges are withdrawn once validated");
    }

    @Test
    void aDomainWhoseChallengeNobodyAnswersFailsWithTheCasReason() {
        AcmeIssuer.Http01 silent = new AcmeIssuer.Http01() {
            public void publish(String token, String keyAuthorization) {
            }

            public void withdraw(String token) {
            }
        };
        AcmeIssuer.Failure failure = assertThrows(AcmeIssuer.Failure.class, () -> issuer.issue("nobody.example.test", silent));
        assertTrue(failure.getMessage().contains("could not validate nobody.example.test over HTTP-01"), failure.getMessage());
    }
}
