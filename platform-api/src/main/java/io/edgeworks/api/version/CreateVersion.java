package io.edgeworks.api.version;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Body of {@code POST …/versions}; omitted fields carry over from the latest version. */
public record CreateVersion(
        @Schema(description = "Entry module. Default: the previous main module when still present, else the only module, else worker.js, else index.js", example = "worker.js") String mainModule,
        @Schema(description = "ES modules by path; required for the first version", example = "{\"worker.js\": \"export default { async fetch() { return new Response('hi') } }\"}") Map<String, String> modules,
        @Schema(description = "Plain-text vars in env") Map<String, String> vars,
        @Schema(description = "Service and KV bindings") List<BindingRequest> bindings,
        @Schema(description = "Per-request limits") LimitsBody limits,
        @Schema(description = "message, tag, commit") Annotations annotations,
        @Schema(description = "Deploy at 100% (default true)", defaultValue = "true") Boolean deploy) {

    /** Per-request limits of a version. */
    public record LimitsBody(@Schema(description = "CPU time per request in ms (default 50)", example = "50") Integer cpuMs) {
    }
}
