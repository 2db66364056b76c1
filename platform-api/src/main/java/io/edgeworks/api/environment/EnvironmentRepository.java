package io.edgeworks.api.environment;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class EnvironmentRepository implements PanacheRepositoryBase<EnvironmentEntity, UUID> {

    /** Which environment uses a hostname, as {@code service/environment}, or null. */
    Uni<String> findOwnerOfHostname(String hostname) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select sv.name, e.name from environments e join services sv on sv.id = e.service_id where e.hostname = :hostname",
                        Object[].class)
                .setParameter("hostname", hostname)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.getFirst()[0] + "/" + rows.getFirst()[1]);
    }

    /** Environment row with its current values read from the database (not the session cache). */
    Uni<EnvironmentRow> findByAccountServiceAndName(UUID accountId, String service, String environment) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select e.id, e.service_id, sv.name, e.name, e.hostname, e.latest_version, e.created_at, e.version_overrides "
                                + "from environments e join services sv on sv.id = e.service_id "
                                + "where sv.account_id = :account and sv.name = :service and e.name = :environment", Object[].class)
                .setParameter("account", accountId)
                .setParameter("service", service)
                .setParameter("environment", environment)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : EnvironmentRow.of(rows.getFirst()));
    }

    Uni<List<EnvironmentRow>> listByService(UUID serviceId) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select e.id, e.service_id, sv.name, e.name, e.hostname, e.latest_version, e.created_at, e.version_overrides "
                                + "from environments e join services sv on sv.id = e.service_id where e.service_id = :service "
                                + "order by (e.name = 'production') desc, e.name", Object[].class)
                .setParameter("service", serviceId)
                .getResultList())
                .map(rows -> rows.stream().map(EnvironmentRow::of).toList());
    }

    /** Locks the environment row until the transaction ends and returns its latest version number. */
    Uni<Integer> lockAndReadLatest(UUID id) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select latest_version from environments where id = :id for update", Integer.class)
                .setParameter("id", id)
                .getSingleResult())
                .map(Rows::integer);
    }

    /** Takes the next version number: gapless and unique because the row stays locked until commit. */
    Uni<Integer> nextVersionNumber(UUID id) {
        return getSession().chain(s -> s.createNativeQuery(
                        "update environments set latest_version = latest_version + 1 where id = :id returning latest_version",
                        Integer.class)
                .setParameter("id", id)
                .getSingleResult())
                .map(Rows::integer);
    }

    Uni<Integer> rename(UUID id, String name, String hostname) {
        return getSession().chain(s -> s.createNativeQuery(
                        "update environments set name = :name, hostname = :hostname where id = :id")
                .setParameter("id", id)
                .setParameter("name", name)
                .setParameter("hostname", hostname)
                .executeUpdate());
    }

    Uni<Integer> deleteEnvironment(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from environments where id = :id")
                .setParameter("id", id).executeUpdate());
    }

    Uni<Integer> setVersionOverrides(UUID id, boolean on) {
        return getSession().chain(s -> s.createNativeQuery("update environments set version_overrides = :on where id = :id")
                .setParameter("id", id)
                .setParameter("on", on)
                .executeUpdate());
    }

    /** A service binding of a version in the environment's current deployment, as declared. */
    record DeclaredBinding(int inVersion, String name, String service, String environment, Integer version, String entrypoint) {
    }

    /** The service bindings of the versions the environment's current deployment serves, by version then declared order. */
    Uni<List<DeclaredBinding>> deployedServiceBindings(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("""
                        with current as (select versions from deployments where environment_id = :id order by seq desc limit 1)
                        select v.number, b ->> 'name', b ->> 'service', b ->> 'environment', b ->> 'version', b ->> 'entrypoint'
                        from current c join versions v on v.environment_id = :id
                            and v.number in (select cast(x ->> 'number' as integer) from jsonb_array_elements(c.versions) x)
                        cross join lateral jsonb_array_elements(v.bindings) with ordinality as t(b, position)
                        where b ->> 'type' = 'service'
                        order by v.number, t.position""", Object[].class)
                .setParameter("id", id)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new DeclaredBinding(Rows.integer(r[0]), Rows.string(r[1]), Rows.string(r[2]),
                        Rows.string(r[3]), r[4] == null ? null : Integer.valueOf(Rows.string(r[4])), Rows.string(r[5]))).toList());
    }

    record EnvironmentRow(UUID id, UUID serviceId, String service, String name, String hostname, int latestVersion,
                          java.time.Instant createdAt, boolean versionOverrides) {
        static EnvironmentRow of(Object[] r) {
            return new EnvironmentRow(Rows.uuid(r[0]), Rows.uuid(r[1]), Rows.string(r[2]), Rows.string(r[3]),
                    Rows.string(r[4]), Rows.integer(r[5]), Rows.instant(r[6]), !Boolean.FALSE.equals(r[7]));
        }
    }
}
