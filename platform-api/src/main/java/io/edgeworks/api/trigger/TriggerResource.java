package io.edgeworks.api.trigger;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/triggers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cron triggers", description = "Scheduled runs of an environment's deployed version")
public class TriggerResource {
    private final TriggerService triggers;

    public TriggerResource(TriggerService triggers) {
        this.triggers = triggers;
    }

    @GET
    @Operation(summary = "The environment's cron triggers", description = "`{crons: [...]}` in the order they were set.")
    public Uni<Triggers> get(@PathParam("account") String account, @PathParam("service") String service,
                             @PathParam("environment") String environment) {
        return triggers.get(account, service, environment);
    }

    @PUT
    @Operation(summary = "Set the environment's cron triggers", description = "Developers and up. Replaces the list: "
            + "`{\"crons\": [\"*/5 * * * *\"]}` (standard five-field expressions, evaluated in UTC; `[]` removes them; at most "
            + "`platform.limits.crons`). 400 names each expression that does not parse, repeats another or never fires. "
            + "The triggers belong to the environment, not to a version: on each tick one edge node runs the deployed version's "
            + "`scheduled(controller, env, ctx)` (a split deployment picks a version as a request would) under the version's "
            + "limits. Ticks missed while no edge node runs are not run later. Audited as `triggers.update`.")
    public Uni<Triggers> put(@PathParam("account") String account, @PathParam("service") String service,
                             @PathParam("environment") String environment, Triggers body) {
        return triggers.put(account, service, environment, body);
    }

    @GET
    @Path("/runs")
    @Operation(summary = "Recent runs of the environment's cron triggers", description = "Newest first, as the edge nodes "
            + "recorded them: the tick, the expression, when it started, its duration, `outcome` (`ok`, `exception`, "
            + "`exceeded_limit`), the error, the version and the node. The edge keeps the newest 100 runs per environment; "
            + "`?limit=N` (1..100, default 50). Their console output is in the tenant log.")
    public Uni<List<CronRunView>> runs(@PathParam("account") String account, @PathParam("service") String service,
                                       @PathParam("environment") String environment, @QueryParam("limit") Integer limit) {
        return triggers.runs(account, service, environment, limit);
    }
}
