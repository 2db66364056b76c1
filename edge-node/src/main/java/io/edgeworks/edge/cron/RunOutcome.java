package io.edgeworks.edge.cron;

import io.edgeworks.bundle.CronRun;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.LogLine;

/**
 * How a scheduled run ended, from what the worker pool answered: {@code exceeded_limit} when a limit ended it (the
 * error is the tenant log's {@code limit hit: …} line), {@code exception} when the handler threw or rejected, the
 * worker has no {@code scheduled} handler, the node refused it (overloaded) or failed, else {@code ok}.
 */
public record RunOutcome(CronRun.Outcome outcome, String error) {

    /** {@code result} is null when the submission itself failed with {@code failure}. */
    public static RunOutcome of(InvocationResult result, Throwable failure) {
        if (result == null) {
            return new RunOutcome(CronRun.Outcome.EXCEPTION, "not run: internal error of the edge node (" + failure + ")");
        }
        if (result.limitHit() != null) {
            String line = result.logs().stream().map(LogLine::message).filter(m -> m.startsWith("limit hit:")).reduce((a, b) -> b)
                    .orElse(result.error() != null ? result.error() : "exceeded its " + result.limitHit().label() + " limit");
            return new RunOutcome(CronRun.Outcome.EXCEEDED_LIMIT, line);
        }
        if (result.error() != null && result.response().status() == 503 && result.logs().isEmpty()) {
            return new RunOutcome(CronRun.Outcome.EXCEPTION, "not run: the edge node is overloaded (" + result.error() + ")");
        }
        if (result.error() != null) {
            return new RunOutcome(CronRun.Outcome.EXCEPTION, result.error());
        }
        return new RunOutcome(CronRun.Outcome.OK, null);
    }
}
