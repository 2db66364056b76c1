package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.common.Blocking;
import io.edgeworks.api.tail.TailService;
import io.edgeworks.bundle.TailFilters;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workers scripts on the Cloudflare-compatible API ({@code /client/v4/accounts/:acc/workers}), the calls wrangler 4.86
 * makes (WRANGLER.md). The account id is our account slug; a script is an environment ({@link ScriptNames}).
 */
@Path("/client/v4/accounts/{account}/workers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CfWorkersResource {
    /** At most this many parts per upload (metadata, modules and source maps). */
    static final int MAX_PARTS = 256;

    private final Workers workers;
    private final Zones zones;
    private final Scripts scripts;
    private final TailService tails;
    private final ObjectMapper json;

    public CfWorkersResource(Workers workers, Zones zones, Scripts scripts, TailService tails, ObjectMapper json) {
        this.workers = workers;
        this.zones = zones;
        this.scripts = scripts;
        this.tails = tails;
        this.json = json;
    }

    @GET
    @Path("/services/{script}")
    public Uni<Map<String, Object>> service(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.service(account, script).map(CfEnvelope::ok);
    }

    /** First deploy (and the draft Worker of {@code secret put}): a new version, deployed at 100%. */
    @PUT
    @Path("/scripts/{script}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Map<String, Object>> putScript(@PathParam("account") String account, @PathParam("script") String script,
                                              @QueryParam("bindings_inherit") String inherit,
                                              @RestForm("metadata") String metadata, @RestForm(FileUpload.ALL) List<FileUpload> files) {
        return parse(metadata, files)
                .chain(upload -> workers.upload(account, script, upload, true, "strict".equals(inherit)))
                .map(uploaded -> CfEnvelope.ok(workers.putResult(script, uploaded)));
    }

    /** {@code versions upload} and every later deploy: a new version, not deployed. */
    @POST
    @Path("/scripts/{script}/versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Map<String, Object>> uploadVersion(@PathParam("account") String account, @PathParam("script") String script,
                                                  @QueryParam("bindings_inherit") String inherit,
                                                  @RestForm("metadata") String metadata, @RestForm(FileUpload.ALL) List<FileUpload> files) {
        return parse(metadata, files)
                .chain(upload -> workers.upload(account, script, upload, false, "strict".equals(inherit)))
                .map(uploaded -> CfEnvelope.ok(workers.versionResult(script, uploaded)));
    }

    @GET
    @Path("/scripts/{script}/versions")
    public Uni<Map<String, Object>> versions(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.listVersions(account, script).map(items -> CfEnvelope.ok(Map.of("items", items)));
    }

    @GET
    @Path("/scripts/{script}/versions/{id}")
    public Uni<Map<String, Object>> version(@PathParam("account") String account, @PathParam("script") String script,
                                            @PathParam("id") String id) {
        return workers.getVersion(account, script, id).map(CfEnvelope::ok);
    }

    @GET
    @Path("/scripts/{script}/deployments")
    public Uni<Map<String, Object>> deployments(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.listDeployments(account, script, Workers.DEPLOYMENTS_LISTED).map(CfEnvelope::ok);
    }

    /** Deploy versions (one at 100%, or a split of two); {@code ?force=true} is accepted and changes nothing. */
    @POST
    @Path("/scripts/{script}/deployments")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> deploy(@PathParam("account") String account, @PathParam("script") String script, String body) {
        return workers.deploy(account, script, read(body)).map(CfEnvelope::ok);
    }

    @GET
    @Path("/scripts/{script}/settings")
    public Uni<Map<String, Object>> settings(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.settings(account, script).map(CfEnvelope::ok);
    }

    @PATCH
    @Path("/scripts/{script}/script-settings")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> patchSettings(@PathParam("account") String account, @PathParam("script") String script, String body) {
        return workers.patchSettings(account, script, read(body)).map(CfEnvelope::ok);
    }

    @GET
    @Path("/scripts/{script}/subdomain")
    public Uni<Map<String, Object>> subdomain(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.subdomain(account, script).map(CfEnvelope::ok);
    }

    @POST
    @Path("/scripts/{script}/subdomain")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> setSubdomain(@PathParam("account") String account, @PathParam("script") String script, String body) {
        return workers.setSubdomain(account, script, read(body)).map(CfEnvelope::ok);
    }

    @GET
    @Path("/subdomain")
    public Uni<Map<String, Object>> accountSubdomain(@PathParam("account") String account) {
        return workers.accountSubdomain(account).map(CfEnvelope::ok);
    }

    @PUT
    @Path("/scripts/{script}/routes")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> routes(@PathParam("account") String account, @PathParam("script") String script, String body) {
        return zones.replace(account, script, read(body)).map(CfEnvelope::ok);
    }

    @PUT
    @Path("/scripts/{script}/secrets")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> putSecret(@PathParam("account") String account, @PathParam("script") String script, String body) {
        return workers.putSecret(account, script, read(body)).map(CfEnvelope::ok);
    }

    @GET
    @Path("/scripts/{script}/secrets")
    public Uni<Map<String, Object>> secrets(@PathParam("account") String account, @PathParam("script") String script) {
        return workers.secrets(account, script).map(CfEnvelope::ok);
    }

    @DELETE
    @Path("/scripts/{script}/secrets/{name}")
    public Uni<Map<String, Object>> deleteSecret(@PathParam("account") String account, @PathParam("script") String script,
                                                 @PathParam("name") String name) {
        return workers.deleteSecret(account, script, name).map(v -> CfEnvelope.ok(null));
    }

    /**
     * {@code wrangler tail}: a live tail of the script's environment (the tail service's rules: users with role
     * developer, API tokens with scope {@code tail} or {@code admin}); the body is wrangler's filter JSON, sent as
     * text/plain. The answer's {@code url} is the WebSocket (subprotocol {@code trace-v1}) and its only credential.
     */
    @POST
    @Path("/scripts/{script}/tails")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> tail(@PathParam("account") String account, @PathParam("script") String script, String body,
                                         @Context HttpServerRequest request) {
        TailFilters filters;
        try {
            filters = body == null || body.isBlank() ? TailFilters.NONE : TailFilters.parse(body);
        } catch (IllegalArgumentException e) {
            throw CfException.invalid("tail filters: " + e.getMessage());
        }
        String callerIp = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return scripts.locate(account, script)
                .chain(place -> tails.start(account, place.service(), place.environment(), filters, callerIp, "cloudflare-api"))
                .map(view -> {
                    Map<String, Object> result = new java.util.LinkedHashMap<>();
                    result.put("id", view.id());
                    result.put("url", view.url());
                    result.put("expires_at", view.expiresAt().toString());
                    return CfEnvelope.ok(result);
                });
    }

    /** Ends a tail (wrangler sends this only after the server closed the socket; tails also end by themselves). */
    @DELETE
    @Path("/scripts/{script}/tails/{id}")
    public Uni<Map<String, Object>> stopTail(@PathParam("account") String account, @PathParam("script") String script,
                                             @PathParam("id") String id) {
        return scripts.locate(account, script)
                .chain(place -> tails.stop(account, place.service(), place.environment(), id))
                .map(v -> CfEnvelope.ok(null));
    }

    @POST
    @Path("/scripts/{script}/assets-upload-session")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> assets(@PathParam("account") String account, @PathParam("script") String script) {
        throw CfException.unsupported("static assets are not supported on Edgeworks yet: remove [assets] from wrangler.toml and "
                + "serve the files from the worker or from a CDN");
    }

    private Uni<Upload> parse(String metadata, List<FileUpload> files) {
        if (files != null && files.size() > MAX_PARTS) {
            throw CfException.invalid("the upload has " + files.size() + " parts, more than " + MAX_PARTS);
        }
        return Blocking.call(() -> {
            List<Upload.Part> parts = new ArrayList<>();
            for (FileUpload file : files == null ? List.<FileUpload>of() : files) {
                parts.add(new Upload.Part(file.name(), file.fileName(), file.contentType(), Files.readAllBytes(file.uploadedFile())));
            }
            return Upload.parse(json, metadata, parts);
        });
    }

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw CfException.invalid("the request body is not JSON: " + e.getOriginalMessage());
        }
    }
}
