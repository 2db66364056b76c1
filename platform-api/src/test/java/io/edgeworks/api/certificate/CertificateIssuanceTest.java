package io.edgeworks.api.certificate;

import io.edgeworks.api.Api;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.security.SecretVault;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The certificate life cycle against a real Pebble: the job orders a certificate for an active domain, with
 * the HTTP-01 challenge published in Redis and answered by the edge's stand-in ({@link AcmeTestServers}); a
 * domain whose name points where nothing answers fails with the CA's reason.
 */
@QuarkusTest
@TestProfile(AcmeTestProfile.class)
class CertificateIssuanceTest {

    @Inject
    RedisDataSource redis;
    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    ObjectMapper json;

    @BeforeEach
    void responderReadsTheApplicationsRedis() {
        AcmeTestServers.redis = redis;
    }

    private static String domains(String slug) {
        return "/api/accounts/" + slug + "/domains";
    }

    private static JsonPath awaitCertificate(String user, String slug, String domain, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath view;
        do {
            view = as(user).get(domains(slug) + "/" + domain).then().statusCode(200).extract().jsonPath();
            if (done.test(view.getString("certificate.status"))) {
                return view;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        fail("no certificate outcome for " + domain + " within 60 s: " + view.prettify());
        return view;
    }

    @Test
    void anActiveDomainGetsACertificate() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        String domain = Api.unique("shop") + ".test";
        String token = Api.claimDomain(alice, acme, domain);
        as(alice).get(domains(acme) + "/" + domain).then().statusCode(200).body("certificate.status", org.hamcrest.Matchers.equalTo("none"));
        Api.proveDomain(alice, acme, domain, token);

        JsonPath view = awaitCertificate(alice, acme, domain, s -> s.equals("valid") || s.equals("failed"));
        assertEquals("valid", view.getString("certificate.status"), view.prettify());
        Instant notAfter = Instant.parse(view.getString("certificate.not_after"));
        assertTrue(notAfter.isAfter(Instant.now().plus(Duration.ofDays(1))), notAfter.toString());
        assertNull(view.get("certificate.last_error"));
        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200).body("action", hasItems("domain.verify", "certificate.issue"));
    }

    @Test
    void aDomainWhoseChallengeNobodyAnswersFailsWithTheReason() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        String domain = Api.unique("dark") + ".test";
        // Pebble resolves the name to an address where nothing listens (the responder is on 127.0.0.1 only)
        AcmeTestServers.pebble.addA(domain, "127.0.0.2");
        Api.verifiedDomain(alice, acme, domain);

        JsonPath view = awaitCertificate(alice, acme, domain, s -> s.equals("valid") || s.equals("failed"));
        assertEquals("failed", view.getString("certificate.status"), view.prettify());
        String error = view.getString("certificate.last_error");
        assertTrue(error.contains("could not validate " + domain + " over HTTP-01"), error);
        assertTrue(error.contains("127.0.0.2"), "the CA's reason names what it tried: " + error);
        assertNull(view.get("certificate.not_after"));
        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200).body("action", hasItems("certificate.fail"));
    }

    /**
     * A stored account key that does not open (sealed under another platform.secrets.key: a replaced key, or a
     * database restored from another installation) is replaced rather than stopping every order for good.
     */
    @Test
    void anAccountKeyThatNoLongerOpensIsReplaced() throws Exception {
        String directory = AcmeTestServers.pebble.directory().toString();
        String foreign = json.writeValueAsString(vault.sealBound("another installation's key", "not this platform's key"));
        sql("""
                insert into acme_accounts(directory_url, key_sealed) values ($1, cast($2 as jsonb))
                on conflict (directory_url) do update set key_sealed = excluded.key_sealed""", directory, foreign);

        String alice = Api.user();
        String acme = Api.account(alice);
        String domain = Api.unique("moved") + ".test";
        Api.verifiedDomain(alice, acme, domain);

        JsonPath view = awaitCertificate(alice, acme, domain, s -> s.equals("valid") || s.equals("failed"));
        assertEquals("valid", view.getString("certificate.status"), view.prettify());
        String stored = (String) sql("select cast(key_sealed as text) from acme_accounts where directory_url = $1", directory);
        assertNotEquals(json.readTree(foreign), json.readTree(stored), "a new key replaced the unreadable one");
        vault.openBound(CertificateSealing.accountKey(directory), json.readValue(stored, io.edgeworks.bundle.SealedSecret.class));
    }

    /** A certificate whose renewal time came is ordered again; the new chain replaces the old one, status stays valid. */
    @Test
    void aCertificateDueForRenewalIsReplaced() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        String domain = Api.unique("renew") + ".test";
        Api.verifiedDomain(alice, acme, domain);
        JsonPath first = awaitCertificate(alice, acme, domain, s -> s.equals("valid") || s.equals("failed"));
        assertEquals("valid", first.getString("certificate.status"), first.prettify());
        String chain = chainOf(domain);

        // what the job sets after an issue is not_after - renew-before; bring that moment to now
        sql("update certificates set next_attempt_at = now() where domain_id = (select id from domains where name = $1)", domain);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (chain.equals(chainOf(domain)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertNotEquals(chain, chainOf(domain), "a new certificate replaced the one due for renewal");
        JsonPath renewed = as(alice).get(domains(acme) + "/" + domain).then().statusCode(200).extract().jsonPath();
        assertEquals("valid", renewed.getString("certificate.status"), renewed.prettify());
        assertEquals(2, as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.action == 'certificate.issue' }").size());
        Object next = sql("select next_attempt_at > now() + interval '1 day' from certificates where domain_id = (select id from domains where name = $1)", domain);
        assertEquals(Boolean.TRUE, next, "the next renewal is set from the new certificate");
    }

    private String chainOf(String domain) {
        return (String) sql("select chain_pem from certificates where domain_id = (select id from domains where name = $1)", domain);
    }

    /** Runs a statement on the test database: the first column of the first row, or null when it returns none. */
    private Object sql(String sql, Object... args) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next().getValue(0) : null;
    }
}
