package io.edgeworks.api.cloudflare;

import io.edgeworks.api.environment.CreateEnvironment;
import io.edgeworks.api.environment.EnvironmentEntity;
import io.edgeworks.api.environment.EnvironmentService;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.TokenScopes;
import io.edgeworks.api.service.CreateService;
import io.edgeworks.api.service.ServiceCatalog;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Resolves Cloudflare script names to environments by the rule of {@link ScriptNames}, and places a new script on its
 * first upload (a new service, or a new environment cloned from production like {@code POST …/environments} with
 * {@code clone_from}). {@link #locate} is the one entry point for other features (live tail) that get a
 * {@code (account slug, script name)} from wrangler.
 */
@ApplicationScoped
public class Scripts {
    private final ScriptRepository repository;
    private final Environments environments;
    private final EnvironmentService environmentService;
    private final ServiceCatalog services;
    private final AccessGuard guard;

    public Scripts(ScriptRepository repository, Environments environments, EnvironmentService environmentService,
                   ServiceCatalog services, AccessGuard guard) {
        this.repository = repository;
        this.environments = environments;
        this.environmentService = environmentService;
        this.services = services;
        this.guard = guard;
    }

    /** A script and the environment it stands for; {@code row} is null for an environment not placed through wrangler yet. */
    record Located(String script, EnvironmentTarget target, ScriptRepository.Script row) {
    }

    /**
     * {@code (account slug, script name)} → {@code (service, environment)} for a caller who may start a live tail
     * ({@link AccessGuard#requireScope} with scope {@code tail}: users with role developer, API tokens with scope
     * {@code tail} or {@code admin}), or the envelope error 10007 (404) when the account has no such script. For wiring
     * {@code wrangler tail} ({@code POST /client/v4/accounts/:acc/workers/scripts/:name/tails}) to the tail service.
     */
    @WithSession
    public Uni<ScriptNames.Place> locate(String slug, String script) {
        return guard.requireScope(slug, TokenScopes.TAIL).chain(access -> require(access, script))
                .map(located -> new ScriptNames.Place(located.target().service(), located.target().name()));
    }

    /** The script's environment, or null. Must run in a session. */
    Uni<Located> find(AccountAccess access, String script) {
        ScriptNames.check(script);
        return repository.find(access.accountId(), script).chain(row -> {
            if (row != null) {
                return environments.find(access, row.service(), row.environment())
                        .map(target -> target == null ? null : new Located(script, target, row));
            }
            return environments.find(access, script, EnvironmentEntity.PRODUCTION).chain(production -> production != null
                    ? Uni.createFrom().item(new Located(script, production, null))
                    : existingSplit(access, script, ScriptNames.splits(script), 0));
        });
    }

    private Uni<Located> existingSplit(AccountAccess access, String script, List<ScriptNames.Place> splits, int i) {
        if (i >= splits.size()) {
            return Uni.createFrom().nullItem();
        }
        ScriptNames.Place place = splits.get(i);
        return environments.find(access, place.service(), place.environment()).chain(target -> target != null
                ? Uni.createFrom().item(new Located(script, target, null)) : existingSplit(access, script, splits, i + 1));
    }

    /** The script's environment, or 10007. */
    Uni<Located> require(AccountAccess access, String script) {
        return find(access, script).map(located -> {
            if (located == null) {
                throw CfException.scriptNotFound(script, access.slug());
            }
            return located;
        });
    }

    /** The script's environment (10007 when none), recorded in {@code cf_scripts} when it was found by name only. Must run in a transaction. */
    Uni<Located> requirePlaced(AccountAccess access, String script) {
        return require(access, script).chain(located -> located.row() != null ? Uni.createFrom().item(located)
                : repository.insert(access.accountId(), script, located.target().id(), List.of()).chain(() -> find(access, script)));
    }

    /**
     * The script's environment, placing the script first when it is new (service or cloned environment, audited by
     * those services). Must run in a transaction.
     */
    Uni<Located> place(AccountAccess access, String script) {
        return find(access, script).chain(located -> {
            if (located != null) {
                return located.row() != null ? Uni.createFrom().item(located)
                        : repository.insert(access.accountId(), script, located.target().id(), List.of())
                        .chain(() -> find(access, script));
            }
            return placeNew(access, script, ScriptNames.splits(script), 0);
        });
    }

    private Uni<Located> placeNew(AccountAccess access, String script, List<ScriptNames.Place> splits, int i) {
        if (i >= splits.size()) {
            return services.create(access.slug(), new CreateService(script))
                    .chain(created -> environments.require(access, script, EnvironmentEntity.PRODUCTION))
                    .chain(target -> repository.insert(access.accountId(), script, target.id(), List.of()))
                    .chain(() -> find(access, script));
        }
        ScriptNames.Place place = splits.get(i);
        return repository.grouped(access.accountId(), place.service()).chain(grouped -> {
            if (!grouped) {
                return placeNew(access, script, splits, i + 1);
            }
            return environments.require(access, place.service(), EnvironmentEntity.PRODUCTION)
                    .chain(production -> environmentService.create(access.slug(), place.service(), new CreateEnvironment(
                            place.environment(), production.latestVersion() > 0 ? EnvironmentEntity.PRODUCTION : null)))
                    .chain(created -> environments.require(access, place.service(), place.environment()))
                    .chain(target -> repository.insert(access.accountId(), script, target.id(), List.of(
                            ScriptNames.SERVICE_TAG + place.service(), ScriptNames.ENVIRONMENT_TAG + place.environment())))
                    .chain(() -> find(access, script));
        });
    }
}
