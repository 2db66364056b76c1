package io.edgeworks.api.preview;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tables {@code previews} and the {@code environments.preview_id} link (V92). */
@ApplicationScoped
class PreviewRepository {

    /** A preview row and the environments it still holds. */
    record StoredPreview(UUID id, String name, String from, String createdBy, Instant createdAt, List<PreviewView.Environment> environments) {
        PreviewView view() {
            return new PreviewView(name, from, environments.stream().map(PreviewView.Environment::service).toList(), environments,
                    createdAt, createdBy);
        }
    }

    Uni<UUID> insert(UUID accountId, String name, String from, String createdBy) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into previews(id, account_id, name, from_environment, created_by, created_at) values (:id, :account, :name, :from, :by, :at)")
                .setParameter("id", id)
                .setParameter("account", accountId)
                .setParameter("name", name)
                .setParameter("from", from)
                .setParameter("by", createdBy)
                .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate())
                .replaceWith(id);
    }

    /** The account's previews, newest first, or the one named {@code name} (null: all). */
    Uni<List<StoredPreview>> find(UUID accountId, String name) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select p.id, p.name, p.from_environment, p.created_by, p.created_at, sv.name, e.name, e.hostname
                        from previews p
                            left join environments e on e.preview_id = p.id
                            left join services sv on sv.id = e.service_id
                        where p.account_id = :account and (cast(:name as text) is null or p.name = :name)
                        order by p.created_at desc, p.name, sv.name""", Object[].class)
                .setParameter("account", accountId)
                .setParameter("name", name)
                .getResultList())
                .map(rows -> {
                    Map<UUID, StoredPreview> previews = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        StoredPreview p = previews.computeIfAbsent(Rows.uuid(r[0]), id -> new StoredPreview(id, Rows.string(r[1]),
                                Rows.string(r[2]), Rows.string(r[3]), Rows.instant(r[4]), new ArrayList<>()));
                        if (r[5] != null) {
                            p.environments().add(new PreviewView.Environment(Rows.string(r[5]), Rows.string(r[6]), Rows.string(r[7])));
                        }
                    }
                    return List.copyOf(previews.values());
                });
    }

    /** Deletes the preview's environments (their versions and deployments go with them) and the preview. */
    Uni<Void> delete(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from environments where preview_id = :id")
                        .setParameter("id", id).executeUpdate()
                .chain(() -> s.createNativeQuery("delete from previews where id = :id").setParameter("id", id).executeUpdate()))
                .replaceWithVoid();
    }
}
