package io.edgeworks.api.trigger;

import io.edgeworks.bundle.CronRun;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One run of an environment's cron trigger, as the edge node that ran it recorded it. */
@Schema(description = "A cron trigger's run")
public record CronRunView(
        @Schema(description = "The tick (controller.scheduledTime)") Instant scheduledTime,
        @Schema(description = "The expression that fired (controller.cron)") String cron,
        @Schema(description = "When the run started on the edge node") Instant startedAt,
        @Schema(description = "Until scheduled() and its ctx.waitUntil() work settled or a limit ended it") long durationMs,
        @Schema(enumeration = {"ok", "exception", "exceeded_limit"}) String outcome,
        @Schema(description = "What went wrong (uncaught error with its stack, the limit hit, no scheduled handler); null when ok")
        String error,
        @Schema(description = "The version that ran (0 when none could)") int version,
        @Schema(description = "The edge node that ran it") String node) {

    static CronRunView of(CronRun run) {
        return new CronRunView(Instant.ofEpochMilli(run.scheduledTime()), run.cron(), Instant.ofEpochMilli(run.startedAt()),
                run.durationMs(), run.outcome().wire(), run.error(), run.version(), run.node());
    }
}
