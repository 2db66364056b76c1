package io.edgeworks.api.deployment;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.version.VersionBindings;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Deploying existing versions of an environment: switch, split traffic between two, roll back. */
@ApplicationScoped
public class DeploymentService {
    private static final int MAX_MESSAGE = 1000;

    private final Environments environments;
    private final Deployments deployments;
    private final DeploymentRepository repository;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final VersionBindings versionBindings;

    public DeploymentService(Environments environments, Deployments deployments, DeploymentRepository repository,
                             AccessGuard guard, AuditLog audit, Outbox outbox, VersionBindings versionBindings) {
        this.versionBindings = versionBindings;
        this.environments = environments;
        this.deployments = deployments;
        this.repository = repository;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<DeploymentView> deploy(String slug, String service, String environment, CreateDeployment body) {
        List<Split> splits = validate(body);
        return guard.require(slug, Role.DEVELOPER, environment)
                .chain(access -> environments.require(access, service, environment))
                .call(environments::lock)
                .chain(target -> repository.existingVersionNumbers(target.id(), splits.stream().map(Split::number).toList())
                        .chain(existing -> {
                            FieldErrors errors = new FieldErrors();
                            for (int i = 0; i < splits.size(); i++) {
                                if (!existing.contains(splits.get(i).number())) {
                                    errors.add("versions[" + i + "].number", "environment '" + environment + "' has no version "
                                            + splits.get(i).number());
                                }
                            }
                            errors.throwIfAny();
                            return versionBindings.requireDeployable(target, splits.stream().map(Split::number).toList())
                                    .chain(() -> record(target, splits, body.message()));
                        }));
    }

    private Uni<DeploymentView> record(EnvironmentTarget target, List<Split> splits, String message) {
        return deployments.current(target.id()).chain(before -> deployments.record(target.id(), splits, message, target.access().username())
                .call(() -> outbox.accountChanged(target.access().accountId(), target.access().slug()))
                .call(after -> {
                    Map<String, Object> summary = new HashMap<>();
                    summary.put("before", before == null ? Map.of() : Map.of("versions", before.versions()));
                    summary.put("after", Map.of("versions", after.versions()));
                    return audit.record(target.access(), "deployment.create", target.key(), summary);
                }));
    }

    @WithSession
    public Uni<List<DeploymentView>> history(String slug, String service, String environment, PageRequest page) {
        return guard.require(slug, Role.VIEWER)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> repository.listNewestFirst(target.id(), page));
    }

    static List<Split> validate(CreateDeployment body) {
        FieldErrors errors = new FieldErrors();
        if (body == null || body.versions() == null || body.versions().isEmpty()) {
            errors.add("versions", "is required: one version at 100, or two whose percentages sum to 100");
            errors.throwIfAny();
        }
        List<Split> splits = body.versions();
        if (splits.size() > 2) {
            errors.add("versions", "a deployment has one or two versions, got " + splits.size());
        }
        int sum = 0;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < splits.size(); i++) {
            Split split = splits.get(i);
            if (split == null || split.number() == null || split.number() < 1) {
                errors.add("versions[" + i + "].number", "is required and must be a version number (>= 1)");
            } else if (!seen.add(split.number())) {
                errors.add("versions[" + i + "].number", "version " + split.number() + " appears twice");
            }
            // 0 is allowed for one side of a split: that version serves only requests that choose it with the
            // Edgeworks-Version-Overrides header (as Cloudflare's 0% versions do)
            if (split == null || split.percentage() == null || split.percentage() < 0 || split.percentage() > 100) {
                errors.add("versions[" + i + "].percentage", "is required and must be between 0 and 100");
            } else {
                sum += split.percentage();
            }
        }
        if (errors.isEmpty() && sum != 100) {
            errors.add("versions", "percentages must sum to 100, got " + sum);
        }
        if (body.message() != null && body.message().length() > MAX_MESSAGE) {
            errors.add("message", "must be at most " + MAX_MESSAGE + " characters");
        }
        errors.throwIfAny();
        return List.copyOf(splits);
    }
}
