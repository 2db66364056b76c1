package io.edgeworks.api.certificate;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Obtains a certificate for one domain from an ACME CA (RFC 8555) with the HTTP-01 challenge, using
 * acme4j: registers (or finds) the platform's ACME account, orders the name, publishes each challenge's
 * key authorization through an {@link Http01} responder (the edge serves it at
 * {@code /.well-known/acme-challenge/<token>}), waits for validation, finalizes with a fresh EC P-256 key
 * and downloads the chain. Blocking (call it off the event loop); framework-free.
 */
public final class AcmeIssuer {

    /** Where the CA looks for the key authorization of an HTTP-01 challenge. */
    public interface Http01 {
        void publish(String token, String keyAuthorization);

        void withdraw(String token);
    }

    /** A certificate chain (leaf first) and its private key, PEM. */
    public record Issued(String chainPem, String keyPem, Instant notAfter) {
    }

    /** Why an order failed, in words for the domain's status (what the CA said, when it said something). */
    public static final class Failure extends Exception {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI directory;
    private final KeyPair accountKey;
    private final String contactEmail;
    private final Duration timeout;
    private final TrustedProvider provider;

    /**
     * @param directory   the CA's directory URL (e.g. {@code https://acme-v02.api.letsencrypt.org/directory})
     * @param trusted     extra CA certificates to trust for the directory's own HTTPS (a test CA such as
     *                    Pebble's); empty: the JDK's trust store only
     * @param accountKey  the platform's ACME account key (kept by the caller: it identifies the account)
     */
    public AcmeIssuer(URI directory, List<X509Certificate> trusted, KeyPair accountKey, String contactEmail, Duration timeout) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
        this.contactEmail = contactEmail;
        this.timeout = timeout;
        this.provider = new TrustedProvider(trusted);
    }

    public Issued issue(String domain, Http01 responder) throws Failure {
        try {
            Session session = new Session(directory, provider);
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
            if (contactEmail != null && !contactEmail.isBlank()) {
                builder.addEmail(contactEmail);
            }
            Login login = builder.createLogin(session);
            Order order = login.newOrder().domain(domain).create();
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    authorize(domain, authorization, responder);
                }
            }
            KeyPair domainKey = ecKey();
            order.execute(domainKey);
            Status status = order.waitForCompletion(timeout);
            if (status != Status.VALID) {
                throw new Failure("the CA did not issue the certificate for " + domain + ": order " + status.name().toLowerCase()
                        + order.getError().map(p -> " (" + p + ")").orElse(""), null);
            }
            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            return new Issued(pem(chain.toArray()), pem(domainKey.getPrivate()), chain.getFirst().getNotAfter().toInstant());
        } catch (AcmeException e) {
            throw new Failure("ACME error for " + domain + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while ordering a certificate for " + domain, e);
        }
    }

    private void authorize(String domain, Authorization authorization, Http01 responder) throws AcmeException, InterruptedException, Failure {
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow(
                () -> new Failure("the CA offers no http-01 challenge for " + domain, null));
        responder.publish(challenge.getToken(), challenge.getAuthorization());
        try {
            challenge.trigger();
            Status status = challenge.waitForCompletion(timeout);
            if (status != Status.VALID) {
                throw new Failure("the CA could not validate " + domain + " over HTTP-01: "
                        + challenge.getError().map(Object::toString).orElse(status.name().toLowerCase()), null);
            }
        } finally {
            responder.withdraw(challenge.getToken());
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator", e);
        }
    }

    /** A new ACME account key (EC P-256). */
    public static KeyPair newAccountKey() {
        return ecKey();
    }

    static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                // private keys as PKCS#8 ("PRIVATE KEY"), which every TLS stack reads
                writer.writeObject(object instanceof java.security.PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** acme4j's generic provider, trusting extra CA certificates for the directory's HTTPS when configured. */
    private static final class TrustedProvider extends GenericAcmeProvider {
        private final List<X509Certificate> trusted;

        TrustedProvider(List<X509Certificate> trusted) {
            this.trusted = List.copyOf(trusted);
        }

        @Override
        public boolean accepts(URI serverUri) {
            return "https".equals(serverUri.getScheme()) || "http".equals(serverUri.getScheme());
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(settings.getTimeout())
                    .proxy(settings.getProxySelector());
            if (!trusted.isEmpty()) {
                builder.sslContext(sslContext(trusted));
            }
            return builder.build();
        }

        private static SSLContext sslContext(List<X509Certificate> trusted) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    store.setCertificateEntry("trusted-" + i, trusted.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot trust the configured ACME CA certificates", e);
            }
        }
    }
}
