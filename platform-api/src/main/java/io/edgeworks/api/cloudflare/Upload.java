package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A wrangler script upload ({@code PUT …/scripts/:name}, {@code POST …/scripts/:name/versions}): the {@code metadata}
 * form field (JSON) and one part per module, as parsed by Quarkus REST's multipart support, turned into what a version
 * of ours holds. Only ES modules are accepted; everything Edgeworks has no counterpart for is refused with a message
 * that says what to use instead (WRANGLER.md section 2 lists the fields).
 */
public record Upload(String mainModule, Map<String, String> modules, Map<String, String> vars, List<CfBinding> bindings,
                     boolean keepVars, String message, String tag, Integer cpuMs) {

    /** One uploaded part: form name, file name, Content-Type and bytes. */
    public record Part(String name, String fileName, String contentType, byte[] content) {
    }

    /** A binding entry of the metadata that is not a var: KV, service, or inherit. */
    public sealed interface CfBinding {
        String name();
    }

    public record KvBinding(String name, String namespaceId) implements CfBinding {
    }

    public record ServiceBinding(String name, String service, String environment, String entrypoint) implements CfBinding {
    }

    /** {@code {"type":"inherit"}}: the binding (or var) of that name from the previous version. */
    public record Inherit(String name) implements CfBinding {
    }

    private static final Set<String> MODULE_TYPES = Set.of("application/javascript+module", "text/javascript+module");
    private static final int MAX_BINDINGS = 256;

    /** Parses and checks an upload; throws {@link CfException} (10021 / 10100) on anything Edgeworks cannot honour. */
    public static Upload parse(ObjectMapper json, String metadataText, List<Part> parts) {
        if (metadataText == null || metadataText.isBlank()) {
            throw CfException.invalid("the upload has no 'metadata' part (multipart/form-data with a JSON field 'metadata' and one part per module)");
        }
        JsonNode metadata;
        try {
            metadata = json.readTree(metadataText);
        } catch (JsonProcessingException e) {
            throw CfException.invalid("the 'metadata' part is not JSON: " + e.getOriginalMessage());
        }
        if (metadata == null || !metadata.isObject()) {
            throw CfException.invalid("the 'metadata' part must be a JSON object");
        }
        if (metadata.hasNonNull("body_part") || !metadata.hasNonNull("main_module")) {
            throw CfException.unsupported("service-worker format (body_part) is not supported on Edgeworks: upload ES modules "
                    + "(export default { fetch }), which set main_module");
        }
        if (metadata.hasNonNull("assets") || (metadata.has("keep_assets") && metadata.get("keep_assets").asBoolean())) {
            throw CfException.unsupported("static assets are not supported on Edgeworks yet: remove [assets] from wrangler.toml and "
                    + "serve the files from the worker (as text modules imported by it) or from a CDN");
        }
        if (metadata.hasNonNull("migrations")) {
            throw CfException.unsupported("Durable Objects (migrations) are not supported on Edgeworks: keep state in a KV "
                    + "namespace ([[kv_namespaces]]) instead");
        }
        if (metadata.hasNonNull("containers") && !metadata.get("containers").isEmpty()) {
            throw CfException.unsupported("containers are not supported on Edgeworks");
        }
        for (String consumers : List.of("tail_consumers", "streaming_tail_consumers")) {
            if (metadata.hasNonNull(consumers) && !metadata.get(consumers).isEmpty()) {
                throw CfException.unsupported(consumers + " are not supported on Edgeworks: use the live log view instead");
            }
        }
        String main = metadata.get("main_module").asText();

        Map<String, String> modules = new TreeMap<>();
        for (Part part : parts) {
            String path = part.fileName() != null && !part.fileName().isBlank() ? part.fileName() : part.name();
            String type = part.contentType() == null ? "" : part.contentType().split(";")[0].trim().toLowerCase();
            if (type.equals("application/source-map")) {
                continue;
            }
            if (!MODULE_TYPES.contains(type)) {
                throw CfException.unsupported("module '" + path + "' has type '" + type + "': Edgeworks runs ES modules only "
                        + "(application/javascript+module); CommonJS, text, data, WebAssembly and Python modules are not supported; "
                        + "let wrangler bundle them into the ES module (remove the rule that uploads them separately)");
            }
            if (modules.put(path, utf8(path, part.content())) != null) {
                throw CfException.invalid("module '" + path + "' appears twice in the upload");
            }
        }
        if (modules.isEmpty()) {
            throw CfException.invalid("the upload has no module part (one part per ES module, named by its path)");
        }
        if (!modules.containsKey(main)) {
            throw CfException.invalid("main_module '" + main + "' is not among the uploaded modules " + modules.keySet());
        }
        // a draft Worker (secret put on a missing script) names its one module like the script, without ".js"
        if (!main.endsWith(".js") && !main.endsWith(".mjs") && modules.size() == 1) {
            modules = new TreeMap<>(Map.of(main + ".js", modules.get(main)));
            main = main + ".js";
        }

        Map<String, String> vars = new TreeMap<>();
        List<CfBinding> bindings = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        JsonNode list = metadata.path("bindings");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw CfException.invalid("metadata.bindings must be an array");
        }
        if (list.size() > MAX_BINDINGS) {
            throw CfException.invalid("metadata.bindings has " + list.size() + " entries, more than " + MAX_BINDINGS);
        }
        for (JsonNode b : list) {
            String name = b.path("name").asText("");
            String type = b.path("type").asText("");
            if (name.isEmpty()) {
                throw CfException.invalid("every binding needs a name: " + b);
            }
            if (!names.add(name)) {
                throw CfException.invalid("binding '" + name + "' appears twice");
            }
            switch (type) {
                case "plain_text" -> vars.put(name, b.path("text").asText(""));
                case "json" -> vars.put(name, b.path("json").toString());
                case "kv_namespace" -> bindings.add(new KvBinding(name, required(b, "namespace_id")));
                case "service" -> bindings.add(new ServiceBinding(name, required(b, "service"), text(b, "environment"), text(b, "entrypoint")));
                case "inherit" -> bindings.add(new Inherit(name));
                case "secret_text", "secret_key" -> throw CfException.unsupported("binding '" + name + "': secrets are not accepted in "
                        + "uploads (--secrets-file); set them with 'wrangler secret put " + name + "', they carry into every version");
                case "durable_object_namespace" -> throw CfException.unsupported("binding '" + name + "': Durable Objects are not "
                        + "supported on Edgeworks; keep state in a KV namespace ([[kv_namespaces]]) instead");
                case "assets" -> throw CfException.unsupported("binding '" + name + "': static assets are not supported on Edgeworks "
                        + "yet; serve the files from the worker or from a CDN");
                default -> throw CfException.unsupported("binding '" + name + "' has type '" + type + "', which Edgeworks does not "
                        + "support; supported: [vars] (plain_text, json), [[kv_namespaces]] and [[services]]");
            }
        }
        boolean keepVars = false;
        for (JsonNode keep : metadata.path("keep_bindings")) {
            if (keep.asText().equals("plain_text") || keep.asText().equals("json")) {
                keepVars = true;
            }
        }
        JsonNode annotations = metadata.path("annotations");
        Integer cpuMs = metadata.path("limits").hasNonNull("cpu_ms") ? metadata.path("limits").get("cpu_ms").asInt() : null;
        return new Upload(main, modules, vars, List.copyOf(bindings), keepVars, text(annotations, "workers/message"),
                text(annotations, "workers/tag"), cpuMs);
    }

    private static String required(JsonNode b, String field) {
        String value = text(b, field);
        if (value == null || value.isEmpty()) {
            throw CfException.invalid("binding '" + b.path("name").asText() + "' (" + b.path("type").asText() + ") needs '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String utf8(String path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CfException.invalid("module '" + path + "' is not UTF-8 text");
        }
    }
}
