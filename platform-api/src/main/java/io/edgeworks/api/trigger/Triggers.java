package io.edgeworks.api.trigger;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body and answer of {@code PUT · GET …/environments/{e}/triggers}: the environment's cron triggers. */
@Schema(description = "An environment's cron triggers")
public record Triggers(
        @Schema(description = "Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC, "
                + "e.g. `*/5 * * * *` or `0 9 * * MON-FRI`; [] removes every trigger. On each tick one edge node runs the "
                + "deployed version's `scheduled(controller, env, ctx)`.",
                examples = "[\"*/5 * * * *\", \"0 9 * * MON-FRI\"]") List<String> crons) {
}
