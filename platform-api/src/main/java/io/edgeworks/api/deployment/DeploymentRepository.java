package io.edgeworks.api.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Table {@code deployments}: {@code versions} is {@code [{"number": n, "percentage": p}]}; the highest {@code seq} is current. */
@ApplicationScoped
class DeploymentRepository {
    private static final String COLUMNS = "id, seq, cast(versions as text), message, author, created_at";
    private final ObjectMapper json;

    DeploymentRepository(ObjectMapper json) {
        this.json = json;
    }

    Uni<DeploymentView> insert(UUID environmentId, List<Split> splits, String message, String author) {
        UUID id = UUID.randomUUID();
        List<Map<String, Integer>> versions = splits.stream().map(s -> {
            Map<String, Integer> entry = new LinkedHashMap<>();
            entry.put("number", s.number());
            entry.put("percentage", s.percentage());
            return entry;
        }).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into deployments(id, environment_id, versions, message, author) "
                                + "values (:id, :environment, cast(cast(:versions as text) as jsonb), :message, :author) returning " + COLUMNS,
                        Object[].class)
                .setParameter("id", id)
                .setParameter("environment", environmentId)
                .setParameter("versions", write(versions))
                .setParameter("message", message)
                .setParameter("author", author)
                .getSingleResult())
                .map(this::toView);
    }

    Uni<DeploymentView> findCurrent(UUID environmentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select " + COLUMNS + " from deployments where environment_id = :environment order by seq desc limit 1",
                        Object[].class)
                .setParameter("environment", environmentId)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : toView(rows.getFirst()));
    }

    Uni<List<DeploymentView>> listNewestFirst(UUID environmentId, PageRequest page) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select " + COLUMNS + " from deployments where environment_id = :environment and seq < :before "
                                + "order by seq desc limit :limit", Object[].class)
                .setParameter("environment", environmentId)
                .setParameter("before", page.beforeOrMax())
                .setParameter("limit", page.limit())
                .getResultList())
                .map(rows -> rows.stream().map(this::toView).toList());
    }

    /** Which of {@code numbers} are versions of the environment. */
    Uni<List<Integer>> existingVersionNumbers(UUID environmentId, List<Integer> numbers) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select number from versions where environment_id = :environment and number in (:numbers)", Integer.class)
                .setParameter("environment", environmentId)
                .setParameter("numbers", numbers)
                .getResultList())
                .map(rows -> rows.stream().map(Rows::integer).toList());
    }

    private DeploymentView toView(Object[] row) {
        List<Map<String, Integer>> versions;
        try {
            versions = json.readValue(Rows.string(row[2]), new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("deployments.versions is not JSON", e);
        }
        return new DeploymentView(Rows.uuid(row[0]), Rows.longValue(row[1]),
                versions.stream().map(v -> new Split(v.get("number"), v.get("percentage"))).toList(),
                Rows.string(row[3]), Rows.string(row[4]), Rows.instant(row[5]));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
