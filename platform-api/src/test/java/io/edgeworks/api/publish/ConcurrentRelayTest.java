package io.edgeworks.api.publish;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Notice;
import io.quarkus.redis.datasource.RedisDataSource;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.edgeworks.api.publish.Fixtures.bindings;
import static io.edgeworks.api.publish.Fixtures.serviceBinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several relays (three here plus this instance's own scheduler, as several API replicas would run)
 * drain the outbox while changes keep coming: every change is published, no publication is lost or
 * applied out of order, the sequence rises by one per notice, and Redis ends at PostgreSQL's state.
 */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class ConcurrentRelayTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;
    @Inject
    OutboxRelay relay;
    @Inject
    PublishRepository repository;
    @Inject
    BundleBuilder builder;

    // repeated: the first version of the relay read deployments and versions in two snapshots, and only some runs showed it
    @RepeatedTest(3)
    void concurrentRelaysPublishEveryChangeOnceAndInOrder() throws Exception {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        List<Fixtures.Account> accounts = new ArrayList<>();
        List<Fixtures.Env[]> services = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var account = fixtures.account("conc" + i);
            var auth = fixtures.service(account, "auth");
            var web = fixtures.service(account, "web");
            fixtures.version(auth, 1, new JsonArray());
            fixtures.deploy(auth, 1);
            fixtures.version(web, 1, bindings(serviceBinding("AUTH", "auth", "production")));
            fixtures.deploy(web, 1);
            fixtures.changed(account);
            accounts.add(account);
            services.add(new Fixtures.Env[] {auth, web});
        }
        RedisState.awaitTrue("initial publication", Duration.ofSeconds(10), () -> fixtures.pendingOutboxRows() == 0);

        try (Notices notices = new Notices(redisDataSource)) {
            long start = redis.sequence();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> relays = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                relays.add(workers.submit(() -> {
                    int published = 0;
                    while (true) {
                        OutboxRelay.Outcome outcome = relay.publishNext(List.of()).await().atMost(Duration.ofSeconds(30));
                        if (outcome.kind() == OutboxRelay.Outcome.Kind.PUBLISHED) {
                            published++;
                        } else if (!writing.get()) {
                            return published;
                        } else {
                            Thread.sleep(2);
                        }
                    }
                }));
            }
            Future<?> writer = workers.submit(() -> {
                for (int round = 2; round <= 6; round++) {
                    for (int i = 0; i < accounts.size(); i++) {
                        Fixtures.Env target = services.get(i)[round % 2];
                        fixtures.version(target, round, round % 2 == 0 ? new JsonArray() : bindings(serviceBinding("AUTH", "auth", "production")));
                        fixtures.deploy(target, round);
                        fixtures.changed(accounts.get(i));
                    }
                }
                writing.set(false);
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            int published = 0;
            for (Future<Integer> f : relays) {
                published += f.get(60, TimeUnit.SECONDS);
            }
            workers.shutdown();
            RedisState.awaitTrue("outbox drained", Duration.ofSeconds(10), () -> fixtures.pendingOutboxRows() == 0);
            assertTrue(published > 0, "the test relays took part");

            long end = redis.sequence();
            RedisState.awaitTrue("all notices received", Duration.ofSeconds(5), () -> notices.drain().size() >= end - start);
            List<Notice> received = notices.drain();
            assertEquals(end - start, received.size(), "one notice per sequence step");
            for (int i = 0; i < received.size(); i++) {
                assertEquals(start + 1 + i, received.get(i).sequence(), "notices in sequence order without gaps or repeats");
            }

            for (Fixtures.Account account : accounts) {
                AccountManifest expected = builder.draft(pool.withConnection(c -> repository.loadAccount(c, account.slug()))
                        .await().atMost(Duration.ofSeconds(10))).orElseThrow().manifest();
                for (Map.Entry<String, String> entry : expected.environments().entrySet()) {
                    assertEquals(entry.getValue(), redis.digest(entry.getKey()), entry.getKey() + " ends at PostgreSQL's latest state");
                }
                AccountManifest signed = redis.manifest(account.slug());
                assertEquals(expected.withSequence(signed.sequence()), signed, "the signed manifest is the latest state too");
                assertEquals(6, redis.bundle(account.slug() + "/web/production").environments().stream()
                        .mapToInt(e -> e.versions().getFirst().number()).max().orElseThrow());
            }
            assertTrue(Optional.ofNullable(redis.environments()).isPresent());
        }
    }
}
