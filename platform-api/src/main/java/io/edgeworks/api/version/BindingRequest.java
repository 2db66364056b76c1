package io.edgeworks.api.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A binding as clients send and see it: {@code {"type":"service","name":"AUTH","service":"auth","environment":"production"}}
 * (without {@code environment} it follows: the target's environment named like the caller's when deployed, else
 * its production), optionally {@code "version": 3} (a pinned version of the target) and {@code "entrypoint"};
 * or {@code {"type":"kv","name":"CACHE","namespace":"cache"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingRequest(
        @Schema(description = "service or kv", example = "service", required = true) String type,
        @Schema(description = "Name in the worker's env", example = "AUTH", required = true) String name,
        @Schema(description = "Target service (type service)", example = "auth") String service,
        @Schema(description = "Target environment (type service). Omitted: the binding follows, reaching the target's environment named like the caller's when that is deployed, else its production, re-resolved whenever environments come and go", example = "production") String environment,
        @Schema(description = "KV namespace (type kv)", example = "cache") String namespace,
        @Schema(description = "Pins a version number of the target environment (type service); omitted: its current deployment serves", example = "3") Integer version,
        @Schema(description = "Exported WorkerEntrypoint class that RPC calls reach (type service); omitted: the default export", example = "AuthEntrypoint") String entrypoint) {

    /** A binding without pin or entrypoint. */
    public BindingRequest(String type, String name, String service, String environment, String namespace) {
        this(type, name, service, environment, namespace, null, null);
    }
}
