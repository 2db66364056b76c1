package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.kv.KvService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Workers KV on the Cloudflare-compatible API: namespaces (created through Cloudflare's SDK by wrangler, which pages
 * until an empty page) and values (raw bytes, not the envelope, on read).
 */
@Path("/client/v4/accounts/{account}/storage/kv/namespaces")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CfKvResource {
    private final CfKv cfKv;
    private final KvService kv;
    private final ObjectMapper json;

    public CfKvResource(CfKv cfKv, KvService kv, ObjectMapper json) {
        this.cfKv = cfKv;
        this.kv = kv;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> create(@PathParam("account") String account, String body) {
        String title;
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            title = node == null ? null : node.path("title").asText(null);
        } catch (JsonProcessingException e) {
            throw CfException.invalid("send {\"title\":\"<name>\"}");
        }
        return cfKv.create(account, title).map(CfEnvelope::ok);
    }

    /** Pages ({@code page}, {@code per_page}); a page past the last is empty, which ends the SDK's paging. */
    @GET
    public Uni<Map<String, Object>> list(@PathParam("account") String account, @QueryParam("page") @DefaultValue("1") int page,
                                         @QueryParam("per_page") @DefaultValue("20") int perPage) {
        return kv.list(account).map(list -> CfEnvelope.page(list.stream().map(CfKv::namespace).toList(), Math.max(1, page),
                CfUserResource.clamp(perPage)));
    }

    @GET
    @Path("/{namespace}/keys")
    public Uni<Map<String, Object>> keys(@PathParam("account") String account, @PathParam("namespace") String namespace,
                                         @QueryParam("prefix") String prefix, @QueryParam("limit") @DefaultValue("1000") int limit) {
        return cfKv.name(account, namespace).chain(name -> kv.listKeys(account, name, prefix, limit)).map(keys -> {
            Map<String, Object> body = CfEnvelope.ok(keys.stream().map(k -> Map.of("name", k.name())).toList());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("count", keys.size());
            info.put("cursor", "");
            body.put("result_info", info);
            return body;
        });
    }

    @PUT
    @Path("/{namespace}/values/{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> put(@PathParam("account") String account, @PathParam("namespace") String namespace,
                                        @PathParam("key") String key, @HeaderParam("Content-Type") String type,
                                        @QueryParam("expiration_ttl") String ttl, @QueryParam("expiration") String expiration,
                                        byte[] value) {
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            throw CfException.unsupported("KV metadata (--metadata) is not supported on Edgeworks; put the value without it");
        }
        if (ttl != null || expiration != null) {
            throw CfException.unsupported("KV expiry (--ttl, --expiration) is not supported on Edgeworks; put the value without it");
        }
        return cfKv.name(account, namespace).chain(name -> kv.putValue(account, name, key, value == null ? new byte[0] : value))
                .map(v -> CfEnvelope.ok(null));
    }

    /** The raw value (wrangler prints it unchanged); errors are still the envelope. */
    @GET
    @Path("/{namespace}/values/{key: .+}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Uni<byte[]> get(@PathParam("account") String account, @PathParam("namespace") String namespace,
                           @PathParam("key") String key) {
        return cfKv.name(account, namespace).chain(name -> kv.getValue(account, name, key));
    }

    @DELETE
    @Path("/{namespace}/values/{key: .+}")
    public Uni<Map<String, Object>> delete(@PathParam("account") String account, @PathParam("namespace") String namespace,
                                           @PathParam("key") String key) {
        return cfKv.name(account, namespace).chain(name -> kv.deleteValue(account, name, key)).map(v -> CfEnvelope.ok(null));
    }
}
