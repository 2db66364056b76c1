package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical bytes of an {@link AccountManifest} (same canonical JSON rules as {@link BundleCodec}):
 * <pre>{"account":"acme","base_domain":"edgeworks.localhost","domains":["example.com"],
 * "environments":{"acme/hello/production":"&lt;digest&gt;"},"format":1,
 * "hostnames":{"hello.acme.edgeworks.localhost":"acme/hello/production"},
 * "routes":[{"environment":"acme/hello/production","id":"…","pattern":"shop.example.com/*"}],"sequence":42,
 * "certificates":{"example.com":{"chain":"-----BEGIN CERTIFICATE-----…","key":{"ciphertext":"…","nonce":"…"}}},
 * "https_redirects":["example.com"],"crons":{"acme/hello/production":["*&#47;5 * * * *","0 9 * * 1-5"]}}</pre>
 * (keys sorted in the bytes: {@code certificates} comes first). A manifest without {@code certificates} or
 * {@code https_redirects} (from before they existed) decodes with none. {@code crons} is written only when some
 * environment has cron triggers, so the bytes of every manifest without any stay what they were before it
 * existed; absent, it decodes as none.
 * Decoding is strict (unknown or missing fields are errors), so a bundle payload never decodes as a
 * manifest nor the other way round, although both travel in the same signed envelope.
 */
public final class ManifestCodec {
    private static final Set<String> FIELDS = Set.of("account", "base_domain", "domains", "environments", "format",
            "hostnames", "routes", "sequence", "certificates", "https_redirects", "crons");
    private static final Set<String> CERTIFICATE_FIELDS = Set.of("chain", "key");
    private static final Set<String> SECRET_FIELDS = Set.of("nonce", "ciphertext");
    private static final Set<String> ROUTE_FIELDS = Set.of("environment", "id", "pattern");

    private ManifestCodec() {
    }

    public static byte[] encode(AccountManifest manifest) {
        ObjectNode node = CanonicalJson.object();
        node.put("account", manifest.account());
        node.put("base_domain", manifest.baseDomain());
        ObjectNode certificates = node.putObject("certificates");
        manifest.certificates().forEach((name, certificate) -> {
            ObjectNode entry = certificates.putObject(name);
            entry.put("chain", certificate.chainPem());
            entry.putObject("key").put("ciphertext", certificate.key().ciphertext()).put("nonce", certificate.key().nonce());
        });
        if (!manifest.crons().isEmpty()) {
            ObjectNode crons = node.putObject("crons");
            manifest.crons().forEach((envKey, expressions) -> expressions.forEach(crons.putArray(envKey)::add));
        }
        ArrayNode domains = node.putArray("domains");
        manifest.domains().forEach(domains::add);
        ObjectNode environments = node.putObject("environments");
        manifest.environments().forEach(environments::put);
        node.put("format", AccountManifest.FORMAT);
        ObjectNode hostnames = node.putObject("hostnames");
        manifest.hostnames().forEach(hostnames::put);
        ArrayNode redirects = node.putArray("https_redirects");
        manifest.httpsRedirects().forEach(redirects::add);
        ArrayNode routes = node.putArray("routes");
        for (AccountManifest.Route route : manifest.routes()) {
            routes.addObject().put("environment", route.environment()).put("id", route.id()).put("pattern", route.pattern());
        }
        node.put("sequence", manifest.sequence());
        return CanonicalJson.write(node);
    }

    /** @throws BundleFormatException naming the offending field */
    public static AccountManifest decode(byte[] bytes) {
        JsonNode tree = CanonicalJson.read(bytes, "manifest");
        if (tree.isObject() && tree.has("format")) {
            JsonNode format = tree.get("format");
            if (format.isIntegralNumber() && format.canConvertToLong() && format.longValue() != AccountManifest.FORMAT) {
                throw BundleFormatException.unsupported("manifest", format.longValue(), AccountManifest.FORMAT);
            }
        }
        if (tree instanceof ObjectNode object) {
            if (!object.has("certificates")) {
                object.putObject("certificates");
            }
            if (!object.has("https_redirects")) {
                object.putArray("https_redirects");
            }
            if (!object.has("crons")) {
                object.putObject("crons");
            }
        }
        StrictObject node = StrictObject.of(tree, "manifest", FIELDS);
        Map<String, AccountManifest.Certificate> certificates = new TreeMap<>();
        node.map("certificates").forEach((name, value) -> {
            StrictObject certificate = StrictObject.of(value, node.path("certificates") + "." + name, CERTIFICATE_FIELDS);
            StrictObject key = StrictObject.of(certificate.raw("key"), certificate.path("key"), SECRET_FIELDS);
            try {
                certificates.put(name, new AccountManifest.Certificate(certificate.string("chain"),
                        new SealedSecret(key.string("nonce"), key.string("ciphertext"))));
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException("manifest: " + certificate.path("chain") + ": " + e.getMessage(), e);
            }
        });
        node.integer("format");
        Map<String, List<String>> crons = new TreeMap<>();
        node.map("crons").forEach((envKey, value) -> {
            String path = node.path("crons") + "." + envKey;
            if (value == null || !value.isArray()) {
                throw new BundleFormatException(path + ": expected an array, got " + StrictObject.describe(value));
            }
            List<String> expressions = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                expressions.add(StrictObject.string(value.get(i), path + "[" + i + "]"));
            }
            crons.put(envKey, expressions);
        });
        List<AccountManifest.Route> routes = new ArrayList<>();
        List<JsonNode> items = node.array("routes");
        for (int i = 0; i < items.size(); i++) {
            StrictObject route = StrictObject.of(items.get(i), node.path("routes") + "[" + i + "]", ROUTE_FIELDS);
            routes.add(new AccountManifest.Route(route.string("id"), route.string("pattern"), route.string("environment")));
        }
        try {
            return new AccountManifest(node.string("account"), node.longInteger("sequence"), node.string("base_domain"),
                    node.strings("domains"), strings(node, "environments"), strings(node, "hostnames"), routes, certificates,
                    node.strings("https_redirects"), crons);
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BundleFormatException("manifest: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(StrictObject parent, String field) {
        Map<String, String> result = new TreeMap<>();
        parent.map(field).forEach((k, v) -> result.put(k, StrictObject.string(v, parent.path(field) + "." + k)));
        return result;
    }
}
