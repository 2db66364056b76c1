package io.edgeworks.api.publish;

import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.EnvironmentRef;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay's warm-up at start: a publication's work on a made-up account, nothing written, nothing kept. */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class PublishWarmUpTest {

    @Inject
    PublishScheduler scheduler;
    @Inject
    PublishWarmUp warmUp;
    @Inject
    BundleBuilder builder;
    @Inject
    PublishRepository repository;
    @Inject
    Pool pool;
    @Inject
    SecretVault vault;

    @Test
    void theRelayRunsTheConfiguredWarmUpAtStartAndKeepsNothingOfIt() throws Exception {
        assertEquals(25, scheduler.warmedUp().get(60, TimeUnit.SECONDS), "platform.publish.warm-up-publications of PublishTestProfile");
        assertEquals(0, builder.signedRootsKept(PublishWarmUp.SLUG), "the made-up roots' envelopes are forgotten");
        Fixtures fixtures = new Fixtures(pool, vault);
        assertEquals(0L, fixtures.single("select count(*) from account_manifests where account = $1", PublishWarmUp.SLUG),
                "no manifest sequence was taken for the made-up account");
        assertEquals(0L, fixtures.single("select count(*) from accounts where slug = $1", PublishWarmUp.SLUG));
    }

    @Test
    void eachPublicationSignsAnewAsADeployDoesAndLeavesRealAccountsAlone() {
        Fixtures fixtures = new Fixtures(pool, vault);
        Fixtures.Live live = fixtures.helloDeployed("warmup");
        EnvironmentRef hello = EnvironmentRef.parse(live.key());
        var account = pool.withConnection(c -> repository.loadAccount(c, live.account().slug())).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        builder.signed(hello, builder.bundles(account).get(hello));
        assertEquals(1, builder.signedRootsKept(live.account().slug()));

        AccountPublication first = warmUp.publication(1_001);
        AccountPublication second = warmUp.publication(1_002);
        assertEquals(2, first.bundles().size(), "gateway (with auth) and auth");
        assertEquals(1_001, first.manifest().sequence());
        var gateway = new EnvironmentRef(PublishWarmUp.SLUG, "gateway", "production").key();
        var auth = new EnvironmentRef(PublishWarmUp.SLUG, "auth", "production").key();
        assertNotEquals(first.manifest().environments().get(gateway), second.manifest().environments().get(gateway),
                "the gateway's code changed: its bundle is signed again");
        assertEquals(first.manifest().environments().get(auth), second.manifest().environments().get(auth),
                "auth did not change: its envelope is reused, as for a real deploy");
        assertTrue(first.manifest().routes().size() == 1 && !first.manifest().domains().isEmpty(), "route and domain are published");

        warmUp.forget();
        assertEquals(0, builder.signedRootsKept(PublishWarmUp.SLUG));
        assertEquals(1, builder.signedRootsKept(live.account().slug()), "forgetting the made-up account keeps real accounts' envelopes");
        fixtures.deleteAccount(live.account());
    }
}
