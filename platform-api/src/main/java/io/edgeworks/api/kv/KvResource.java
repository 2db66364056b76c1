package io.edgeworks.api.kv;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/api/accounts/{account}/kv/namespaces")
@Authenticated
@Tag(name = "KV", description = "KV namespaces and their values (stored in Redis)")
public class KvResource {
    private final KvService kv;

    public KvResource(KvService kv) {
        this.kv = kv;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a KV namespace", description = "Admins and up. 409 when the name is taken.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KvNamespaceView.class)))
    public Uni<RestResponse<KvNamespaceView>> create(@PathParam("account") String account, CreateNamespace body) {
        return kv.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<KvNamespaceView>created(URI.create("/api/accounts/" + account + "/kv/namespaces/" + view.name())).entity(view).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List KV namespaces")
    public Uni<List<KvNamespaceView>> list(@PathParam("account") String account) {
        return kv.list(account);
    }

    @GET
    @Path("/{namespace}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a KV namespace")
    public Uni<KvNamespaceView> get(@PathParam("account") String account, @PathParam("namespace") String namespace) {
        return kv.get(account, namespace);
    }

    @DELETE
    @Path("/{namespace}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a KV namespace and its values", description = "Admins and up. 409 while a deployed version binds it.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("namespace") String namespace) {
        return kv.delete(account, namespace);
    }

    @GET
    @Path("/{namespace}/values")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List keys", description = "Keys starting with `prefix`, sorted, at most `limit` (default and maximum 1000).")
    public Uni<List<KvKey>> keys(@PathParam("account") String account, @PathParam("namespace") String namespace,
                                 @QueryParam("prefix") String prefix, @QueryParam("limit") Integer limit) {
        return kv.listKeys(account, namespace, prefix, limit);
    }

    @PUT
    @Path("/{namespace}/values/{key: .+}")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(204)
    @Operation(summary = "Write a value", description = "Developers and up. The body is stored as raw bytes. 413 above the configured size; 400 when the key is "
            + "new and the namespace holds platform.quotas.kv-keys-per-namespace keys.")
    public Uni<Void> put(@PathParam("account") String account, @PathParam("namespace") String namespace,
                         @PathParam("key") String key, byte[] value) {
        return kv.putValue(account, namespace, key, value);
    }

    @GET
    @Path("/{namespace}/values/{key: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Read a value", description = "The raw bytes; 404 when the key is absent.")
    public Uni<byte[]> get(@PathParam("account") String account, @PathParam("namespace") String namespace,
                           @PathParam("key") String key) {
        return kv.getValue(account, namespace, key);
    }

    @DELETE
    @Path("/{namespace}/values/{key: .+}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a value", description = "Developers and up; 204 whether or not the key existed.")
    public Uni<Void> deleteValue(@PathParam("account") String account, @PathParam("namespace") String namespace,
                                 @PathParam("key") String key) {
        return kv.deleteValue(account, namespace, key);
    }
}
