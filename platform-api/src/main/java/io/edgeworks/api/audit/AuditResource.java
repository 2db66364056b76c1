package io.edgeworks.api.audit;

import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.config.PlatformConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/accounts/{account}/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who changed what, when")
public class AuditResource {
    private final AuditService audit;
    private final PlatformConfig config;

    public AuditResource(AuditService audit, PlatformConfig config) {
        this.audit = audit;
        this.config = config;
    }

    @GET
    @Operation(summary = "List the account's audit trail",
            description = "Newest first. Page with `limit` and `before` (the `id` of the last entry received). Any member may read it.")
    public Uni<List<AuditEntryView>> list(@PathParam("account") String account,
                                          @QueryParam("limit") Integer limit, @QueryParam("before") String before) {
        return audit.list(account, PageRequest.of(limit, before, config));
    }
}
