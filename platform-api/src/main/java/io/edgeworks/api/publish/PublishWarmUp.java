package io.edgeworks.api.publish;

import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a publication's work, minus its writes, on a made-up account at the relay's start, so that the first deploys
 * after a start do not pay for a JVM that has not compiled that path yet (deploy/bench/RESULTS.md, "Deploy latency on
 * a cold control plane": 201 → served took 120–170 ms for the first deploys against ~30 ms once a few dozen had been
 * published). One {@link #publication} reads an account in a snapshot as the relay does (one that cannot exist: no
 * rows), then builds, seals and signs the bundles of a two-service account whose gateway binds to its auth service,
 * with a secret, vars and a route, and signs its manifest; each call changes the gateway's code, so every call signs
 * anew as a deploy does. Nothing is written to PostgreSQL or Redis, and what {@link BundleBuilder} remembers of the
 * made-up roots is dropped at the end ({@link #forget}).
 */
@ApplicationScoped
class PublishWarmUp {
    /** Not an account slug the API accepts (no leading '-': Names.LABEL), so no real account's cached envelopes are touched. */
    static final String SLUG = "-publication-warm-up";
    private static final Duration READ_BOUND = Duration.ofSeconds(10);

    private final Pool pool;
    private final PublishRepository repository;
    private final BundleBuilder builder;
    private final AccountData.Environment auth;
    private final UUID accountId = UUID.randomUUID();
    private final UUID gatewayService = UUID.randomUUID();
    private final UUID gatewayId = UUID.randomUUID();
    private final UUID routeId = UUID.randomUUID();
    private final Map<String, SealedSecret> gatewaySecrets;

    PublishWarmUp(Pool pool, PublishRepository repository, BundleBuilder builder, SecretVault vault) {
        this.pool = pool;
        this.repository = repository;
        this.builder = builder;
        UUID authService = UUID.randomUUID();
        UUID authId = UUID.randomUUID();
        this.auth = new AccountData.Environment(authId, accountId, authService, new EnvironmentRef(SLUG, "auth", "production"),
                "auth-warm-up.invalid", Deployment.single(1, 1),
                List.of(new AccountData.Version(UUID.randomUUID(), 1, "worker.js",
                        Map.of("worker.js", "export default { fetch(request) { return new Response('ok'); } };"),
                        Map.of("REALM", "warm-up"), Map.of(), List.of(), 50, "sha256:auth")),
                false, List.of());
        this.gatewaySecrets = Map.of("TOKEN", vault.seal(new SecretVault.Place(accountId, gatewayService, gatewayId), "TOKEN",
                "a made-up secret that is sealed again for edge nodes at every warm-up publication"));
    }

    /**
     * One publication's work on the made-up account; {@code n} makes the gateway's code (and so its signatures) new.
     * Returns what a relay would have published.
     */
    AccountPublication publication(int n) {
        Optional<AccountData> none = pool.withTransaction(c -> repository.snapshot(c).chain(() -> repository.loadAccount(c, SLUG)))
                .await().atMost(READ_BOUND);
        if (none.isPresent()) {
            throw new IllegalStateException("an account named '" + SLUG + "' exists; the publication warm-up does not touch it");
        }
        String code = "import { greet } from './lib.js';\nexport default { async fetch(request, env) {\n"
                + "  const answer = await env.AUTH.fetch(request);\n  return new Response(greet(" + n + ") + await answer.text());\n} };";
        AccountData.Environment gateway = new AccountData.Environment(gatewayId, accountId, gatewayService,
                new EnvironmentRef(SLUG, "gateway", "production"), "gateway-warm-up.invalid", Deployment.single(n, n),
                List.of(new AccountData.Version(UUID.randomUUID(), n, "worker.js",
                        Map.of("worker.js", code, "lib.js", "export const greet = n => 'warm-up ' + n;"),
                        Map.of("MODE", "warm-up", "N", Integer.toString(n)), gatewaySecrets,
                        List.of(new Binding.Service("AUTH", "auth", "production", null, null)), 50, "sha256:gateway-" + n)),
                false, List.of());
        AccountData account = new AccountData(SLUG, List.of(auth, gateway),
                List.of(new AccountData.Route(routeId, "warm-up.invalid/*", gatewayId)), List.of("warm-up.invalid"));
        BundleBuilder.Draft draft = builder.draft(Optional.of(account)).orElseThrow();
        AccountPublication publication = builder.sign(draft, n);
        if (publication.bundles().size() != 2) {
            throw new IllegalStateException("the publication warm-up built " + publication.bundles().size() + " bundles, not 2");
        }
        return publication;
    }

    /** Drops what the builder remembers of the made-up account's roots. */
    void forget() {
        builder.forgetAccount(SLUG);
    }
}
