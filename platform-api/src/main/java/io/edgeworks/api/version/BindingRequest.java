package io.edgeworks.api.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A binding as clients send and see it: {@code {"type":"service","name":"AUTH","service":"auth","environment":"production"}}
 * or {@code {"type":"kv","name":"CACHE","namespace":"cache"}}; a service binding may name an {@code entrypoint}
 * (an exported class of the target, {@code "Auth"}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingRequest(
        @Schema(description = "service or kv", example = "service", required = true) String type,
        @Schema(description = "Name in the worker's env", example = "AUTH", required = true) String name,
        @Schema(description = "Target service (type service)", example = "auth") String service,
        @Schema(description = "Target environment (type service), default production", example = "production") String environment,
        @Schema(description = "KV namespace (type kv)", example = "cache") String namespace,
        @Schema(description = "Exported WorkerEntrypoint class of the target that RPC calls and fetch() reach (type service); default: the default export",
                example = "Auth") String entrypoint) {
}
