package io.edgeworks.api.deployment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Finds the deployed versions (versions in an environment's current deployment) whose bindings point at a
 * service, an environment or a KV namespace. Deleting or renaming a bound target would break what edge
 * nodes serve, so those changes are refused while this finds anything. Results read
 * {@code service/environment v<n> (binding NAME)}.
 */
@ApplicationScoped
public class DeployedBindings {
    private static final String DEPLOYED_BINDINGS = """
            with current as (
                select distinct on (d.environment_id) d.environment_id, d.versions
                from deployments d
                join environments e on e.id = d.environment_id
                join services s on s.id = e.service_id
                where s.account_id = :account
                order by d.environment_id, d.seq desc)
            select distinct s.name || '/' || e.name || ' v' || v.number || ' (binding ' || (b ->> 'name') || ')'
            from current c
            join environments e on e.id = c.environment_id
            join services s on s.id = e.service_id
            join versions v on v.environment_id = c.environment_id
                and v.number in (select cast(x ->> 'number' as integer) from jsonb_array_elements(c.versions) x)
            cross join lateral jsonb_array_elements(v.bindings) b
            where\s""";

    /** Deployed versions of other services that bind to {@code service} (any environment of it). */
    public Uni<List<String>> bindersOfService(UUID accountId, String service, UUID serviceId) {
        return query(DEPLOYED_BINDINGS + "b ->> 'type' = 'service' and b ->> 'service' = :service and s.id <> :exclude",
                accountId, service, null, serviceId);
    }

    /**
     * Deployed versions of other environments whose bindings name {@code service/environment} explicitly. A
     * binding that follows (no {@code environment}) never blocks: it lands elsewhere once the environment is gone.
     */
    public Uni<List<String>> bindersOfEnvironment(UUID accountId, String service, String environment, UUID environmentId) {
        return query(DEPLOYED_BINDINGS + "b ->> 'type' = 'service' and b ->> 'service' = :service "
                + "and b ->> 'environment' = :environment and e.id <> :exclude", accountId, service, environment, environmentId);
    }

    /** Deployed versions that bind the KV namespace {@code namespace}. */
    public Uni<List<String>> bindersOfNamespace(UUID accountId, String namespace) {
        return query(DEPLOYED_BINDINGS + "b ->> 'type' = 'kv' and b ->> 'namespace' = :service", accountId, namespace, null, null);
    }

    private Uni<List<String>> query(String sql, UUID accountId, String name, String environment, UUID exclude) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql + " order by 1", String.class)
                    .setParameter("account", accountId)
                    .setParameter("service", name);
            if (environment != null) {
                query.setParameter("environment", environment);
            }
            if (exclude != null) {
                query.setParameter("exclude", exclude);
            }
            return query.getResultList();
        });
    }
}
