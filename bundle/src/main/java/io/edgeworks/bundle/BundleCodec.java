package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The canonical encoding of a {@link Bundle}: JSON in UTF-8, keys sorted lexicographically at every
 * level, no insignificant whitespace, snake_case field names, arrays in the model's order (bindings as
 * declared, environments by key, versions by number). Environment references are written as their key
 * ({@code account/service/environment}); bindings carry a {@code "type"} of {@code "service"} or
 * {@code "kv"}. The same bundle always encodes to the same bytes, so the sha-256 of the encoding is a
 * content address, and {@code encode(decode(b))} equals {@code b} for every canonical {@code b}.
 *
 * <p>{@link #decode} is strict: unknown or missing fields, wrong types, duplicate keys, trailing content
 * and formats other than {@link Bundle#FORMAT} are rejected with a {@link BundleFormatException} naming
 * the offending path; model rules (deployment sums, deployed versions present, main module present)
 * are enforced by the records and reported the same way.
 */
public final class BundleCodec {
    private static final Set<String> BUNDLE_FIELDS = Set.of("format", "root", "environments");
    private static final Set<String> ENVIRONMENT_FIELDS = Set.of("ref", "hostname", "deployment", "versions");
    private static final Set<String> ENVIRONMENT_OPTIONAL = Set.of("version_overrides");
    private static final Set<String> DEPLOYMENT_FIELDS = Set.of("sequence", "versions");
    private static final Set<String> SPLIT_FIELDS = Set.of("number", "percentage");
    private static final Set<String> VERSION_FIELDS = Set.of(
            "id", "number", "main_module", "modules", "vars", "secrets", "bindings", "limits", "digest");
    private static final Set<String> SECRET_FIELDS = Set.of("nonce", "ciphertext");
    private static final Set<String> LIMITS_FIELDS = Set.of("cpu_ms");
    private static final Set<String> SERVICE_BINDING_FIELDS = Set.of("type", "name", "service", "environment");
    private static final Set<String> SERVICE_BINDING_OPTIONAL = Set.of("version", "entrypoint");
    private static final Set<String> KV_BINDING_FIELDS = Set.of("type", "name", "namespace", "namespace_id");

    private BundleCodec() {
    }

    /** The canonical bytes of {@code bundle}. */
    public static byte[] encode(Bundle bundle) {
        if (bundle.format() != Bundle.FORMAT) {
            throw new IllegalArgumentException(
                    "cannot encode bundle format " + bundle.format() + " (this library writes format " + Bundle.FORMAT + ")");
        }
        ObjectNode root = CanonicalJson.object();
        root.put("format", bundle.format());
        root.put("root", bundle.root().key());
        ArrayNode environments = root.putArray("environments");
        bundle.environments().forEach(e -> environments.add(environment(e)));
        return CanonicalJson.write(root);
    }

    /** Reads canonical (or at least well-formed) bytes back into a bundle. */
    public static Bundle decode(byte[] bytes) {
        JsonNode tree = CanonicalJson.read(bytes, "bundle");
        if (tree.isObject() && tree.has("format")) {
            JsonNode format = tree.get("format");
            if (format.isIntegralNumber() && format.canConvertToLong() && format.longValue() != Bundle.FORMAT) {
                throw BundleFormatException.unsupported("bundle", format.longValue(), Bundle.FORMAT);
            }
        }
        StrictObject bundle = StrictObject.of(tree, "bundle", BUNDLE_FIELDS);
        int format = bundle.integer("format");
        EnvironmentRef root = ref(bundle.string("root"), bundle.path("root"));
        List<EnvironmentSpec> environments = list(bundle, "environments", BundleCodec::environment);
        return model(bundle.path("environments"), () -> new Bundle(format, root, environments));
    }

    // ---- encoding

    private static ObjectNode environment(EnvironmentSpec spec) {
        ObjectNode node = CanonicalJson.object();
        node.put("ref", spec.ref().key());
        node.put("hostname", spec.hostname());
        ObjectNode deployment = node.putObject("deployment");
        deployment.put("sequence", spec.deployment().sequence());
        ArrayNode splits = deployment.putArray("versions");
        for (Deployment.Split split : spec.deployment().versions()) {
            splits.addObject().put("number", split.number()).put("percentage", split.percentage());
        }
        ArrayNode versions = node.putArray("versions");
        spec.versions().forEach(v -> versions.add(version(v)));
        if (!spec.versionOverrides()) {
            node.put("version_overrides", false);
        }
        return node;
    }

    private static ObjectNode version(VersionSpec version) {
        ObjectNode node = CanonicalJson.object();
        node.put("id", version.id());
        node.put("number", version.number());
        node.put("main_module", version.mainModule());
        ObjectNode modules = node.putObject("modules");
        version.modules().forEach(modules::put);
        ObjectNode vars = node.putObject("vars");
        version.vars().forEach(vars::put);
        ObjectNode secrets = node.putObject("secrets");
        version.secrets().forEach((name, sealed) ->
                secrets.putObject(name).put("nonce", sealed.nonce()).put("ciphertext", sealed.ciphertext()));
        ArrayNode bindings = node.putArray("bindings");
        version.bindings().forEach(b -> bindings.add(binding(b)));
        node.putObject("limits").put("cpu_ms", version.limits().cpuMs());
        node.put("digest", version.digest());
        return node;
    }

    private static ObjectNode binding(Binding binding) {
        ObjectNode node = CanonicalJson.object();
        BindingJson.toJson(binding).forEach((field, value) -> {
            switch (value) {
                case Integer n -> node.put(field, n);
                case String text -> node.put(field, text);
                default -> throw new IllegalStateException("binding field " + field + " has no JSON form: " + value);
            }
        });
        return node;
    }

    // ---- decoding

    private static EnvironmentSpec environment(JsonNode node, String path) {
        StrictObject env = StrictObject.of(node, path, ENVIRONMENT_FIELDS, ENVIRONMENT_OPTIONAL);
        EnvironmentRef ref = ref(env.string("ref"), env.path("ref"));
        String hostname = env.string("hostname");
        StrictObject deploymentNode = StrictObject.of(env.raw("deployment"), env.path("deployment"), DEPLOYMENT_FIELDS);
        List<Deployment.Split> splits = list(deploymentNode, "versions", (n, p) -> {
            StrictObject split = StrictObject.of(n, p, SPLIT_FIELDS);
            return model(p, () -> new Deployment.Split(split.integer("number"), split.integer("percentage")));
        });
        long sequence = deploymentNode.longInteger("sequence");
        Deployment deployment = model(env.path("deployment"), () -> new Deployment(splits, sequence));
        List<VersionSpec> versions = list(env, "versions", BundleCodec::version);
        boolean overrides = !env.has("version_overrides") || env.bool("version_overrides");
        if (env.has("version_overrides") && overrides) {
            throw new BundleFormatException(env.path("version_overrides") + ": written only when false, got true");
        }
        return model(path, () -> new EnvironmentSpec(ref, hostname, deployment, versions, overrides));
    }

    private static VersionSpec version(JsonNode node, String path) {
        StrictObject v = StrictObject.of(node, path, VERSION_FIELDS);
        String id = v.string("id");
        int number = v.integer("number");
        String mainModule = v.string("main_module");
        SortedMap<String, String> modules = stringMap(v, "modules");
        SortedMap<String, String> vars = stringMap(v, "vars");
        SortedMap<String, SealedSecret> secrets = new TreeMap<>();
        v.map("secrets").forEach((name, value) -> {
            StrictObject secret = StrictObject.of(value, v.path("secrets") + "." + name, SECRET_FIELDS);
            secrets.put(name, new SealedSecret(secret.string("nonce"), secret.string("ciphertext")));
        });
        List<Binding> bindings = list(v, "bindings", BundleCodec::binding);
        StrictObject limitsNode = StrictObject.of(v.raw("limits"), v.path("limits"), LIMITS_FIELDS);
        Limits limits = model(v.path("limits"), () -> new Limits(limitsNode.integer("cpu_ms")));
        String digest = v.string("digest");
        return model(path, () -> new VersionSpec(id, number, mainModule, modules, vars, secrets, bindings, limits, digest));
    }

    private static Binding binding(JsonNode node, String path) {
        JsonNode type = node == null ? null : node.get("type");
        String kind = type != null && type.isTextual() ? type.textValue() : null;
        if ("service".equals(kind)) {
            StrictObject b = StrictObject.of(node, path, SERVICE_BINDING_FIELDS, SERVICE_BINDING_OPTIONAL);
            Integer version = b.has("version") ? b.integer("version") : null;
            String entrypoint = b.has("entrypoint") ? b.string("entrypoint") : null;
            return model(path, () -> new Binding.Service(b.string("name"), b.string("service"), b.string("environment"),
                    version, entrypoint));
        }
        if ("kv".equals(kind)) {
            StrictObject b = StrictObject.of(node, path, KV_BINDING_FIELDS);
            return model(path, () -> new Binding.Kv(b.string("name"), b.string("namespace"), b.string("namespace_id")));
        }
        throw new BundleFormatException(path + ".type: expected \"service\" or \"kv\", got "
                + (kind != null ? "\"" + kind + "\"" : StrictObject.describe(type)));
    }

    private static SortedMap<String, String> stringMap(StrictObject parent, String field) {
        SortedMap<String, String> result = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : parent.map(field).entrySet()) {
            result.put(e.getKey(), StrictObject.string(e.getValue(), parent.path(field) + "." + e.getKey()));
        }
        return result;
    }

    private static <T> List<T> list(StrictObject parent, String field, BiFunction<JsonNode, String, T> reader) {
        List<JsonNode> items = parent.array(field);
        List<T> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(reader.apply(items.get(i), parent.path(field) + "[" + i + "]"));
        }
        return result;
    }

    private static EnvironmentRef ref(String key, String path) {
        return model(path, () -> EnvironmentRef.parse(key));
    }

    /** Runs a record constructor, reporting its validation failure as a format error at {@code path}. */
    private static <T> T model(String path, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BundleFormatException(path + ": " + e.getMessage(), e);
        }
    }
}
