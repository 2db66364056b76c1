package io.edgeworks.api.domain;

import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The platform's own retries of pending claims, every {@code platform.domains.check-interval} in each
 * replica: removes claims past their expiry, then checks up to {@code platform.domains.check-batch}
 * claims not checked within the interval. Rows are taken with {@code for update skip locked} and
 * stamped {@code checked_at} in a short transaction, so replicas share the work and never check one
 * claim twice in a round; the network checks run outside any transaction, and activation takes the
 * same lock as {@code POST …/verify}.
 */
@ApplicationScoped
public class DomainChecker {
    private static final Logger LOG = Logger.getLogger(DomainChecker.class);

    private final DomainRepository domains;
    private final DomainService service;
    private final Proofs proofs;
    private final DomainConfig config;

    DomainChecker(DomainRepository domains, DomainService service, Proofs proofs, DomainConfig config) {
        this.domains = domains;
        this.service = service;
        this.proofs = proofs;
        this.config = config;
    }

    @Scheduled(identity = "domain-checks", every = "${platform.domains.check-interval:5m}",
            delayed = "${platform.domains.check-interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().onFailure().recoverWithUni(e -> {
            LOG.warnf("domain checks failed: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** One round: expiry, then bounded retries. Returns when both are done. */
    public Uni<Void> runOnce() {
        return expire().chain(this::retry);
    }

    private Uni<Void> expire() {
        return Panache.withTransaction(() -> domains.lockExpired(config.checkBatch()).chain(claims -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DomainRepository.Claim claim : claims) {
                chain = chain.call(() -> service.expire(claim));
            }
            return chain.invoke(() -> {
                if (!claims.isEmpty()) {
                    LOG.infof("removed %d expired domain claims", claims.size());
                }
            });
        }));
    }

    private Uni<Void> retry() {
        return Panache.withTransaction(() -> domains.takeDue(config.checkBatch(), config.checkInterval().toSeconds()))
                .chain(claims -> Multi.createFrom().iterable(claims)
                        .onItem().transformToUniAndConcatenate(this::check)
                        .collect().last()
                        .replaceWithVoid());
    }

    private Uni<Void> check(DomainRepository.Claim claim) {
        return proofs.check(claim.name(), claim.token()).chain(outcome -> Panache.withTransaction(() -> outcome.proven()
                        ? service.activate(claim.id(), claim.name(), new AccountAccess(claim.accountId(), claim.slug(), DomainService.PLATFORM_ACTOR, Role.OWNER), outcome.report())
                        : service.recordFailure(claim.id(), outcome.report())))
                .invoke(result -> {
                    if (result.view() != null) {
                        LOG.infof("domain %s of account %s verified by the retry job", claim.name(), claim.slug());
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("checking domain %s failed: %s", claim.name(), e.toString());
                    return null;
                })
                .replaceWithVoid();
    }
}
