package io.edgeworks.api.publish;

import io.edgeworks.bundle.Notice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's side: {@link Outbox} inside a Hibernate Reactive transaction, as the services call it. */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class OutboxTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;
    @Inject
    Outbox outbox;

    @Test
    void accountChangedInATransactionIsPublishedAfterCommit() throws Throwable {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        try (Notices notices = new Notices(redisDataSource)) {
            var acme = fixtures.account("outbox");
            var hello = fixtures.service(acme, "hello");
            fixtures.version(hello, 1, new JsonArray());
            fixtures.deploy(hello, 1);

            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.accountChanged(acme.id(), acme.slug())));

            String key = acme.slug() + "/hello/production";
            Notice notice = notices.awaitEnvironment(key);
            assertEquals(List.of(acme.slug()), notice.accounts());
            assertEquals(key, redis.hostname(acme.slug(), hello.hostname()));
        }
    }

    @Test
    void rolledBackChangeIsNotPublished() throws Throwable {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        var acme = fixtures.account("rollback");
        var hello = fixtures.service(acme, "hello");
        fixtures.version(hello, 1, new JsonArray());
        fixtures.deploy(hello, 1);

        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.accountChanged(acme.id(), acme.slug())
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change failed")))));
        } catch (IllegalStateException expected) {
            // the transaction rolled back, and the outbox row with it
        }

        assertEquals(0L, fixtures.single("select count(*) from outbox where ref->>'account' = $1", acme.slug()));
        Thread.sleep(500);
        assertNull(redis.digest(acme.slug() + "/hello/production"));
    }

    @Test
    void fullRepublishSendsAFullNotice() throws Throwable {
        RedisState redis = new RedisState(redisDataSource);
        try (Notices notices = new Notices(redisDataSource)) {
            long before = redis.sequence();

            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.fullRepublish()));

            Notice notice = notices.await(Notice::full, Duration.ofSeconds(10));
            assertTrue(notice.sequence() > before);
            assertEquals(List.of(), notice.accounts());
        }
    }
}
