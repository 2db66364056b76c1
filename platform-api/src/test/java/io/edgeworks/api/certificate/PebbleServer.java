package io.edgeworks.api.certificate;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real Pebble (Let's Encrypt's ACME test CA, Debian package {@code pebble}) with its own
 * {@code pebble-challtestsrv} as DNS server, on free loopback ports, for one test class. Every name
 * resolves to 127.0.0.1, and Pebble validates HTTP-01 challenges on {@code httpPort}: the port where the
 * test's responder listens. Pebble's own HTTPS certificate is made here; {@link #tlsCertificate()} is
 * what an ACME client must trust.
 */
final class PebbleServer implements AutoCloseable {
    private final Process dns;
    private final Process pebble;
    private final int acmePort;
    private final X509Certificate tls;
    private final Path dir;
    private final int dnsManagementPort;

    private PebbleServer(Process dns, Process pebble, int acmePort, X509Certificate tls, Path dir, int dnsManagementPort) {
        this.dnsManagementPort = dnsManagementPort;
        this.dns = dns;
        this.pebble = pebble;
        this.acmePort = acmePort;
        this.tls = tls;
        this.dir = dir;
    }

    static PebbleServer start(int httpPort) throws Exception {
        Path dir = Files.createTempDirectory("pebble-test");
        KeyPair keys = AcmeIssuer.newAccountKey();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=pebble test listener"), BigInteger.TWO,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=pebble test listener"), keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate tls = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Files.writeString(dir.resolve("cert.pem"), AcmeIssuer.pem(tls));
        Files.writeString(dir.resolve("key.pem"), AcmeIssuer.pem(keys.getPrivate()));
        int dnsPort = freePort();
        int acmePort = freePort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(acmePort, freePort(), dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort, freePort()));
        int dnsManagementPort = freePort();
        Process dns = process(dir, "dns", "pebble-challtestsrv", "-dns01", "127.0.0.1:" + dnsPort, "-management", "127.0.0.1:" + dnsManagementPort,
                "-http01", "", "-https01", "", "-tlsalpn01", "", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "");
        Process pebble;
        try {
            await(dnsPort, dns, dir.resolve("dns.log"), true);
            ProcessBuilder pb = new ProcessBuilder("pebble", "-config", dir.resolve("pebble.json").toString(),
                    "-dnsserver", "127.0.0.1:" + dnsPort).redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
            pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
            pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
            pebble = pb.start();
            await(acmePort, pebble, dir.resolve("pebble.log"), false);
        } catch (Exception e) {
            dns.destroy();
            throw e;
        }
        return new PebbleServer(dns, pebble, acmePort, tls, dir, dnsManagementPort);
    }

    URI directory() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    X509Certificate tlsCertificate() {
        return tls;
    }

    /** PEM file of {@link #tlsCertificate()} (for {@code platform.acme.trust-certificate}). */
    Path tlsCertificateFile() {
        return dir.resolve("cert.pem");
    }

    /** Makes Pebble's DNS answer {@code address} for {@code host} (instead of 127.0.0.1). */
    void addA(String host, String address) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dnsManagementPort + "/add-a"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"host\":\"" + host + ".\",\"addresses\":[\"" + address + "\"]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("challtestsrv add-a answered " + response.statusCode() + ": " + response.body());
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("pebble.log"));
    }

    @Override
    public void close() {
        pebble.destroy();
        dns.destroy();
    }

    private static Process process(Path dir, String name, String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is missing (apt-get install pebble; deploy/local/test.sh installs it): " + e.getMessage(), e);
        }
    }

    /** Waits for a TCP listener (the DNS server: its UDP port opens with TCP on the same address). */
    private static void await(int port, Process process, Path log, boolean dnsOverTcp) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.info().command().orElse("process") + " exited: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after 15 s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
