package io.edgeworks.api.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.common.Rows;
import io.edgeworks.bundle.SealedSecret;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Table {@code versions} (immutable rows). JSON columns are written through {@code cast(cast(:x as text) as jsonb)}
 * and read as text, because Hibernate Reactive's JSON type only maps JSON objects, not arrays.
 */
@ApplicationScoped
class VersionRepository {
    private static final String FULL = "id, number, main_module, cast(modules as text), cast(vars as text), cast(secrets as text), "
            + "cast(bindings as text), cpu_ms, message, tag, commit_sha, author, digest, created_at";
    private static final String SUMMARY = "id, number, message, tag, commit_sha, author, digest, created_at";

    private final ObjectMapper json;

    VersionRepository(ObjectMapper json) {
        this.json = json;
    }

    record StoredVersion(UUID id, int number, VersionContent content, Annotations annotations, String author, String digest,
                         Instant createdAt) {
    }

    record Summary(UUID id, int number, Annotations annotations, String author, String digest, Instant createdAt) {
    }

    Uni<Summary> insert(UUID environmentId, int number, VersionContent content, Annotations annotations, String author, String digest) {
        UUID id = UUID.randomUUID();
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        content.secrets().forEach((name, sealed) -> secrets.put(name, Map.of("nonce", sealed.nonce(), "ciphertext", sealed.ciphertext())));
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into versions(id, environment_id, number, main_module, modules, vars, secrets, bindings, cpu_ms, "
                                + "message, tag, commit_sha, author, digest) values (:id, :environment, :number, :main, "
                                + "cast(cast(:modules as text) as jsonb), cast(cast(:vars as text) as jsonb), "
                                + "cast(cast(:secrets as text) as jsonb), cast(cast(:bindings as text) as jsonb), :cpu, "
                                + ":message, :tag, :commit, :author, :digest) returning " + SUMMARY, Object[].class)
                .setParameter("id", id)
                .setParameter("environment", environmentId)
                .setParameter("number", number)
                .setParameter("main", content.mainModule())
                .setParameter("modules", write(content.modules()))
                .setParameter("vars", write(content.vars()))
                .setParameter("secrets", write(secrets))
                .setParameter("bindings", write(StoredBindings.toJson(content.bindings())))
                .setParameter("cpu", content.cpuMs())
                .setParameter("message", annotations.message())
                .setParameter("tag", annotations.tag())
                .setParameter("commit", annotations.commit())
                .setParameter("author", author)
                .setParameter("digest", digest)
                .getSingleResult())
                .map(VersionRepository::summary);
    }

    Uni<StoredVersion> findByNumber(UUID environmentId, int number) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select " + FULL + " from versions where environment_id = :environment and number = :number", Object[].class)
                .setParameter("environment", environmentId)
                .setParameter("number", number)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : full(rows.getFirst()));
    }

    Uni<List<Summary>> listNewestFirst(UUID environmentId, PageRequest page) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select " + SUMMARY + " from versions where environment_id = :environment and number < cast(:before as bigint) "
                                + "order by number desc limit :limit", Object[].class)
                .setParameter("environment", environmentId)
                .setParameter("before", page.beforeOrMax())
                .setParameter("limit", page.limit())
                .getResultList())
                .map(rows -> rows.stream().map(VersionRepository::summary).toList());
    }

    private static Summary summary(Object[] r) {
        return new Summary(Rows.uuid(r[0]), Rows.integer(r[1]),
                new Annotations(Rows.string(r[2]), Rows.string(r[3]), Rows.string(r[4])),
                Rows.string(r[5]), Rows.string(r[6]), Rows.instant(r[7]));
    }

    private StoredVersion full(Object[] r) {
        Map<String, Map<String, String>> secrets = read(r[5], new TypeReference<>() {
        });
        Map<String, SealedSecret> sealed = new TreeMap<>();
        secrets.forEach((name, s) -> sealed.put(name, new SealedSecret(s.get("nonce"), s.get("ciphertext"))));
        List<Map<String, Object>> bindings = read(r[6], new TypeReference<>() {
        });
        VersionContent content = new VersionContent(Rows.string(r[2]), read(r[3], new TypeReference<>() {
        }), read(r[4], new TypeReference<>() {
        }), new TreeMap<>(sealed), bindings.stream().map(StoredBindings::fromJson).toList(), Rows.integer(r[7]));
        return new StoredVersion(Rows.uuid(r[0]), Rows.integer(r[1]), content,
                new Annotations(Rows.string(r[8]), Rows.string(r[9]), Rows.string(r[10])),
                Rows.string(r[11]), Rows.string(r[12]), Rows.instant(r[13]));
    }

    private <T> T read(Object column, TypeReference<T> type) {
        try {
            return json.readValue(Rows.string(column), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("versions column is not the expected JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
