package io.edgeworks.api.trigger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The {@code cron_triggers} rows of an environment (V93), in their position order. */
@ApplicationScoped
class TriggerRepository {

    Uni<List<String>> cronsOf(UUID environmentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select cron from cron_triggers where environment_id = :env order by position", String.class)
                .setParameter("env", environmentId)
                .getResultList());
    }

    /** Replaces the environment's triggers with {@code crons} (call inside the change's transaction). */
    Uni<Void> replace(UUID environmentId, List<String> crons) {
        Uni<Void> result = Panache.getSession().chain(s -> s.createNativeQuery("delete from cron_triggers where environment_id = :env")
                .setParameter("env", environmentId).executeUpdate()).replaceWithVoid();
        for (int i = 0; i < crons.size(); i++) {
            int position = i;
            result = result.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                            "insert into cron_triggers(environment_id, position, cron) values (:env, :position, :cron)")
                    .setParameter("env", environmentId)
                    .setParameter("position", position)
                    .setParameter("cron", crons.get(position))
                    .executeUpdate())).replaceWithVoid();
        }
        return result;
    }
}
