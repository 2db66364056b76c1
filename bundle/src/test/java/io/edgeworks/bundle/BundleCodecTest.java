package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleCodecTest {
    private static final byte[] GOLDEN = Fixtures.resource("golden/representative-bundle.json");

    @Test
    void encodesTheRepresentativeBundleToTheCommittedGoldenBytes() {
        assertArrayEquals(GOLDEN, BundleCodec.encode(Fixtures.representativeBundle()),
                () -> "canonical encoding changed:\n" + new String(BundleCodec.encode(Fixtures.representativeBundle()), StandardCharsets.UTF_8));
    }

    @Test
    void decodingTheGoldenBytesGivesTheModelAndReencodesIdentically() {
        Bundle decoded = BundleCodec.decode(GOLDEN);
        assertEquals(Fixtures.representativeBundle(), decoded);
        assertArrayEquals(GOLDEN, BundleCodec.encode(decoded));
    }

    @Test
    void goldenBytesShowTheCanonicalRules() {
        String json = new String(GOLDEN, StandardCharsets.UTF_8);
        assertFalse(json.contains("\n"), "newlines inside strings are escaped, none between tokens");
        assertTrue(json.startsWith("{\"environments\":[{\"deployment\":{\"sequence\":9,\"versions\":[{\"number\":7,\"percentage\":100}]},"
                + "\"hostname\":\"auth.acme.edgeworks.localhost\",\"ref\":\"acme/auth/production\",\"versions\":[{\"bindings\":[],"),
                "keys sorted, no whitespace, environments by key (auth first)");
        assertTrue(json.endsWith(",\"format\":1,\"root\":\"acme/hello/production\"}"));
        assertTrue(json.contains("\"versions\":[{\"number\":4,\"percentage\":10},{\"number\":3,\"percentage\":90}]"),
                "deployment splits keep their declared order");
        assertTrue(json.indexOf("\"number\":3,\"secrets\"") < json.indexOf("\"number\":4,\"secrets\""), "versions by number");
        assertTrue(json.contains("\"bindings\":[{\"name\":\"CACHE\",\"namespace\":\"cache\",\"namespace_id\":\"kv_01hzx3\",\"type\":\"kv\"},"
                + "{\"environment\":\"production\",\"name\":\"AUTH\",\"service\":\"auth\",\"type\":\"service\"}]"),
                "bindings keep declared order and carry a type");
        assertTrue(json.indexOf("\"src/Lib/Upper.js\":") < json.lastIndexOf("\"src/index.js\":")
                && json.indexOf("\"src/lib/zeta/wave.js\"") < json.indexOf("\"src/lib/ünï.js\""), "keys by UTF-16 code unit order");
        assertTrue(json.contains("你好 🌍"), "non-ASCII, including emoji, as raw UTF-8");
        assertTrue(json.contains("\"main_module\":\"src/index.js\"") && json.contains("\"cpu_ms\":75"), "snake_case");
    }

    @Test
    void theSameModelBuiltDifferentlyEncodesToTheSameBytes() {
        Bundle original = Fixtures.representativeBundle();
        Bundle reordered = new Bundle(Bundle.FORMAT, original.root(), original.environments().reversed());
        assertArrayEquals(BundleCodec.encode(original), BundleCodec.encode(reordered));
    }

    @Test
    void decodeAcceptsNonCanonicalWhitespaceAndOrderButEncodesCanonically() {
        String loose = """
                { "root" : "acme/x/production", "format": 1,
                  "environments": [ { "versions": [ { "number": 1, "id": "v1", "main_module": "a.js",
                      "modules": {"a.js": "x"}, "vars": {}, "secrets": {}, "bindings": [],
                      "limits": {"cpu_ms": 50}, "digest": "d" } ],
                    "ref": "acme/x/production", "hostname": "x.example",
                    "deployment": { "versions": [ { "percentage": 100, "number": 1 } ], "sequence": 5 } } ] }
                """;
        Bundle bundle = BundleCodec.decode(loose.getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"environments\":[{\"deployment\":{\"sequence\":5,\"versions\":[{\"number\":1,\"percentage\":100}]},"
                        + "\"hostname\":\"x.example\",\"ref\":\"acme/x/production\",\"versions\":[{\"bindings\":[],\"digest\":\"d\","
                        + "\"id\":\"v1\",\"limits\":{\"cpu_ms\":50},\"main_module\":\"a.js\",\"modules\":{\"a.js\":\"x\"},"
                        + "\"number\":1,\"secrets\":{},\"vars\":{}}]}],\"format\":1,\"root\":\"acme/x/production\"}",
                new String(BundleCodec.encode(bundle), StandardCharsets.UTF_8));
    }

    @Test
    void rejectsAnUnknownFormatAsUnsupported() {
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> BundleCodec.decode(golden().replace("\"format\":1", "\"format\":2").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.unsupportedFormat());
        assertTrue(e.getMessage().contains("bundle format 2 is not supported"), e.getMessage());
    }

    @Test
    void refusesToEncodeAnUnknownFormat() {
        Bundle original = Fixtures.representativeBundle();
        Bundle future = new Bundle(2, original.root(), original.environments());
        assertThrows(IllegalArgumentException.class, () -> BundleCodec.encode(future));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"format\":1|\"format\":1,\"extra\":true|bundle: unknown field(s) [extra]",
            "\"format\":1,|\"format\":\"1\",|bundle.format: expected a 32-bit integer, got a string",
            "\"cpu_ms\":75|\"cpu_ms\":75.5|.limits.cpu_ms: expected a 32-bit integer",
            "\"cpu_ms\":75|\"cpu_ms\":0|.limits: cpuMs must be positive",
            "\"type\":\"kv\"|\"type\":\"queue\"|.bindings[0].type: expected \"service\" or \"kv\", got \"queue\"",
            "\"namespace_id\":\"kv_01hzx3\",|\"namespace_id\":null,|.bindings[0].namespace_id: expected a string, got null",
            "\"hostname\":\"auth.acme.edgeworks.localhost\",|\"hostname\":\"a\",\"hostname\":\"b\",|Duplicate field 'hostname'",
            "\"percentage\":90|\"percentage\":80|environments[1].deployment: percentages must sum to 100, got 90",
            "\"number\":7,\"percentage\":100|\"number\":8,\"percentage\":100|environments[0]: acme/auth/production: deployed version 8 is missing",
            "\"main_module\":\"worker.js\"|\"main_module\":\"missing.js\"|main module 'missing.js' is not among the modules",
            "\"ref\":\"acme/auth/production\"|\"ref\":\"acme/auth\"|environments[0].ref: expected account/service/environment",
            "\"nonce\":\"O+KWlQgbaIrvuiHk\"|\"nonce\":1|secrets.API_TOKEN.nonce: expected a string",
            "\"root\":\"acme/hello/production\"|\"root\":\"acme/other/production\"|does not contain its root environment",
    })
    void decodeRejectsMalformedInputNamingWhatIsWrong(String caseSpec) {
        String[] parts = caseSpec.split("\\|");
        String golden = golden();
        assertTrue(golden.contains(parts[0]), "fixture contains " + parts[0]);
        byte[] broken = golden.replaceFirst(java.util.regex.Pattern.quote(parts[0]),
                java.util.regex.Matcher.quoteReplacement(parts[1])).getBytes(StandardCharsets.UTF_8);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> BundleCodec.decode(broken));
        assertTrue(e.getMessage().contains(parts[2]), () -> "expected '" + parts[2] + "' in: " + e.getMessage());
        assertFalse(e.unsupportedFormat());
    }

    @Test
    void decodeRejectsGarbageTrailingContentAndMissingFields() {
        assertThrows(BundleFormatException.class, () -> BundleCodec.decode(new byte[0]));
        assertThrows(BundleFormatException.class, () -> BundleCodec.decode("not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BundleFormatException.class, () -> BundleCodec.decode("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BundleFormatException.class, () -> BundleCodec.decode((golden() + "{}").getBytes(StandardCharsets.UTF_8)));
        BundleFormatException missing = assertThrows(BundleFormatException.class,
                () -> BundleCodec.decode(golden().replace(",\"format\":1", "").getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.getMessage().contains("missing field(s) [format]"), missing.getMessage());
        assertInstanceOf(IllegalArgumentException.class, missing);
    }

    @Test
    void aServiceBindingCarriesItsPinAndEntrypointOnlyWhenSet() {
        String pinned = golden().replace("\"environment\":\"production\",\"name\":\"AUTH\"",
                "\"entrypoint\":\"Checker\",\"environment\":\"production\",\"name\":\"AUTH\"")
                .replace("\"service\":\"auth\",\"type\":\"service\"", "\"service\":\"auth\",\"type\":\"service\",\"version\":3");
        assertTrue(!pinned.equals(golden()), "the golden bundle has the AUTH binding this test edits");
        Bundle decoded = BundleCodec.decode(pinned.getBytes(StandardCharsets.UTF_8));
        Binding.Service auth = decoded.environments().stream()
                .flatMap(e -> e.versions().stream()).flatMap(v -> v.bindings().stream())
                .filter(b -> b instanceof Binding.Service).map(Binding.Service.class::cast).findFirst().orElseThrow();
        assertEquals(new Binding.Service("AUTH", "auth", "production", 3, "Checker"), auth);
        assertEquals(pinned, new String(BundleCodec.encode(decoded), StandardCharsets.UTF_8), "re-encodes to the same bytes");

        BundleFormatException following = assertThrows(BundleFormatException.class, () -> BundleCodec.decode(
                golden().replace("\"environment\":\"production\",\"name\":\"AUTH\"", "\"name\":\"AUTH\"").getBytes(StandardCharsets.UTF_8)));
        assertTrue(following.getMessage().contains("missing field(s) [environment]"), following.getMessage());
        assertThrows(BundleFormatException.class, () -> BundleCodec.decode(
                pinned.replace("\"version\":3", "\"version\":\"3\"").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEnvironmentCarriesVersionOverridesOnlyWhenTheyAreOff() {
        String off = golden().replace("\"ref\":\"acme/auth/production\",\"versions\":[",
                "\"ref\":\"acme/auth/production\",\"version_overrides\":false,\"versions\":[");
        assertTrue(!off.equals(golden()), "the golden bundle has the auth environment this test edits");
        Bundle decoded = BundleCodec.decode(off.getBytes(StandardCharsets.UTF_8));
        EnvironmentSpec auth = decoded.environments().stream().filter(e -> e.ref().service().equals("auth")).findFirst().orElseThrow();
        assertFalse(auth.versionOverrides());
        assertTrue(decoded.rootEnvironment().versionOverrides(), "absent means on");
        assertEquals(off, new String(BundleCodec.encode(decoded), StandardCharsets.UTF_8), "re-encodes to the same bytes");
        BundleFormatException on = assertThrows(BundleFormatException.class, () -> BundleCodec.decode(
                off.replace("\"version_overrides\":false", "\"version_overrides\":true").getBytes(StandardCharsets.UTF_8)));
        assertTrue(on.getMessage().contains("written only when false"), on.getMessage());
    }

    @Test
    void decodedCollectionsAreImmutable() {
        Bundle bundle = BundleCodec.decode(GOLDEN);
        assertThrows(UnsupportedOperationException.class, () -> bundle.environments().clear());
        VersionSpec version = bundle.rootEnvironment().versions().getFirst();
        assertThrows(UnsupportedOperationException.class, () -> version.modules().put("x.js", "x"));
        assertThrows(UnsupportedOperationException.class, () -> version.bindings().add(new Binding.Kv("K", "k", "id")));
        assertEquals(List.of(3, 4), bundle.rootEnvironment().versions().stream().map(VersionSpec::number).toList());
    }

    private static String golden() {
        return new String(GOLDEN, StandardCharsets.UTF_8);
    }
}
