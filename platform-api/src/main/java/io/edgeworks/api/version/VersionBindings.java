package io.edgeworks.api.version;

import io.edgeworks.api.environment.EnvironmentTarget;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Checks, before versions are deployed (e.g. a rollback), that their bindings' targets still exist. */
@ApplicationScoped
public class VersionBindings {
    private final VersionRepository versions;
    private final BindingResolver bindings;

    public VersionBindings(VersionRepository versions, BindingResolver bindings) {
        this.versions = versions;
        this.bindings = bindings;
    }

    /** 409 naming the version and binding whose target is gone; the numbers must exist. */
    public Uni<Void> requireDeployable(EnvironmentTarget target, List<Integer> numbers) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int number : numbers) {
            chain = chain.chain(() -> versions.findByNumber(target.id(), number).chain(version -> version == null
                    ? Uni.createFrom().voidItem()
                    : bindings.requireTargetsExist(target, "version " + number, version.content().bindings())));
        }
        return chain;
    }
}
