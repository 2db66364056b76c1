package io.edgeworks.api.trigger;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cron triggers: an environment's configuration (not part of a version, as on Cloudflare). Developers and up set
 * them (they deploy what runs on the ticks); every member reads them and their runs. A change is audited
 * ({@code triggers.update}) and republishes the account: the triggers travel in its signed manifest, and every
 * edge node runs the deployed version's {@code scheduled()} once per tick across all nodes.
 */
@ApplicationScoped
public class TriggerService {
    /** Runs returned when {@code limit} is not given. */
    static final int DEFAULT_RUNS = 50;

    private final Environments environments;
    private final TriggerRepository triggers;
    private final CronRuns runs;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final PlatformConfig config;

    public TriggerService(Environments environments, TriggerRepository triggers, CronRuns runs, AccessGuard guard, AuditLog audit,
                          Outbox outbox, PlatformConfig config) {
        this.environments = environments;
        this.triggers = triggers;
        this.runs = runs;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
    }

    @WithSession
    public Uni<Triggers> get(String slug, String service, String environment) {
        return guard.require(slug, Role.VIEWER)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> triggers.cronsOf(target.id()))
                .map(Triggers::new);
    }

    /** Replaces the environment's triggers; the same list again changes nothing (no audit entry, no publication). */
    @WithTransaction
    public Uni<Triggers> put(String slug, String service, String environment, Triggers body) {
        List<String> crons = validate(body);
        return guard.require(slug, Role.DEVELOPER, environment)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> triggers.cronsOf(target.id()).chain(before -> {
                    if (before.equals(crons)) {
                        return Uni.createFrom().item(new Triggers(before));
                    }
                    return triggers.replace(target.id(), crons)
                            .call(() -> audit.record(target.access(), "triggers.update", target.key(),
                                    Map.of("before", Map.of("crons", before), "after", Map.of("crons", crons))))
                            .call(() -> outbox.accountChanged(target.access().accountId(), target.access().slug()))
                            .map(ignored -> new Triggers(crons));
                }));
    }

    /** The environment's recent runs, newest first ({@code limit} 1..{@link RedisLayout#CRON_RUNS_KEPT}). */
    @WithSession
    public Uni<List<CronRunView>> runs(String slug, String service, String environment, Integer limit) {
        int size = limit == null ? DEFAULT_RUNS : limit;
        if (size < 1 || size > RedisLayout.CRON_RUNS_KEPT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + RedisLayout.CRON_RUNS_KEPT
                    + " (the edge keeps the newest " + RedisLayout.CRON_RUNS_KEPT + " runs), got " + size);
        }
        return guard.require(slug, Role.VIEWER)
                .chain(access -> environments.require(access, service, environment))
                .chain((EnvironmentTarget target) -> runs.newest(target.key(), size));
    }

    /** The normalised expressions, in the order given, or 400 naming every bad one by its index. */
    List<String> validate(Triggers body) {
        if (body == null || body.crons() == null) {
            throw ProblemException.invalid("crons", "is required: an array of five-field cron expressions (UTC), e.g. "
                    + "{\"crons\": [\"*/5 * * * *\"]}; [] removes every trigger");
        }
        FieldErrors errors = new FieldErrors();
        if (body.crons().size() > config.limits().crons()) {
            errors.add("crons", "at most " + config.limits().crons() + " cron triggers per environment (platform.limits.crons), got "
                    + body.crons().size());
            errors.throwIfAny();
        }
        List<String> crons = new ArrayList<>();
        for (int i = 0; i < body.crons().size(); i++) {
            String raw = body.crons().get(i);
            if (raw == null) {
                errors.add("crons[" + i + "]", "must be a cron expression, got null");
                continue;
            }
            try {
                String expression = CronSchedule.parse(raw).expression();
                if (crons.contains(expression)) {
                    errors.add("crons[" + i + "]", "'" + expression + "' appears twice");
                }
                crons.add(expression);
            } catch (IllegalArgumentException e) {
                errors.add("crons[" + i + "]", e.getMessage());
            }
        }
        errors.throwIfAny();
        return List.copyOf(crons);
    }
}
