package io.edgeworks.api.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A binding as clients send and see it: {@code {"type":"service","name":"AUTH","service":"auth","environment":"production"}}
 * or {@code {"type":"kv","name":"CACHE","namespace":"cache"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingRequest(
        @Schema(description = "service or kv", example = "service", required = true) String type,
        @Schema(description = "Name in the worker's env", example = "AUTH", required = true) String name,
        @Schema(description = "Target service (type service)", example = "auth") String service,
        @Schema(description = "Target environment (type service), default production", example = "production") String environment,
        @Schema(description = "KV namespace (type kv)", example = "cache") String namespace) {
}
