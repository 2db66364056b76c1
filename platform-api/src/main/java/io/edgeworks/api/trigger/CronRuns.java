package io.edgeworks.api.trigger;

import io.edgeworks.bundle.BundleFormatException;
import io.edgeworks.bundle.CronRunCodec;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent runs of an environment's cron triggers, newest first, from the list the edge nodes write
 * ({@link RedisLayout#cronRunsKey}, the published state's Redis; at most {@link RedisLayout#CRON_RUNS_KEPT}). Redis is
 * not the source of truth for them and nothing else keeps them: a Redis that lost its data has no runs to show.
 */
@ApplicationScoped
class CronRuns {
    private static final Logger LOG = Logger.getLogger(CronRuns.class);
    private final ReactiveListCommands<String, String> lists;

    CronRuns(ReactiveRedisDataSource redis) {
        this.lists = redis.list(String.class);
    }

    Uni<List<CronRunView>> newest(String environmentKey, int limit) {
        return lists.lrange(RedisLayout.cronRunsKey(environmentKey), 0, limit - 1).map(items -> {
            List<CronRunView> runs = new ArrayList<>(items.size());
            for (String item : items) {
                try {
                    runs.add(CronRunView.of(CronRunCodec.decode(item)));
                } catch (BundleFormatException e) {
                    LOG.warnf("skipping a malformed cron run of %s: %s", environmentKey, e.getMessage());
                }
            }
            return runs;
        });
    }
}
