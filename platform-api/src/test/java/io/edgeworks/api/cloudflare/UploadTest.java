package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "import { greet } from \"./lib/util.js\";\nexport default { fetch() { return new Response(greet('a', 'b')); } };\n";
    private static final String UTIL = "export function greet(g, l) { return `${g} (level=${l})\\n`; }\n";

    private static Upload.Part module(String path, String source) {
        return new Upload.Part(path, path, "application/javascript+module", source.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wranglersFirstDeployOfTheSampleProject() {
        String metadata = """
                {"main_module":"index.js",
                 "bindings":[
                   {"name":"GREETING","type":"plain_text","text":"hello"},
                   {"name":"LIMITS","type":"json","json":{"max":3,"names":["a"]}},
                   {"name":"CACHE","type":"kv_namespace","namespace_id":"0f2ac74b498b48028cb68387c421e279"},
                   {"name":"AUTH","type":"service","service":"auth-worker"},
                   {"name":"OLD","type":"inherit"}],
                 "compatibility_date":"2025-01-01","compatibility_flags":[],
                 "annotations":{"workers/message":"first","workers/tag":"v1"},
                 "observability":{"enabled":false},"limits":{"cpu_ms":30}}""";
        Upload upload = Upload.parse(JSON, metadata, List.of(module("index.js", INDEX), module("lib/util.js", UTIL),
                new Upload.Part("index.js.map", "index.js.map", "application/source-map", "{}".getBytes(StandardCharsets.UTF_8))));

        assertEquals("index.js", upload.mainModule());
        assertEquals(Map.of("index.js", INDEX, "lib/util.js", UTIL), upload.modules());
        assertEquals(Map.of("GREETING", "hello", "LIMITS", "{\"max\":3,\"names\":[\"a\"]}"), upload.vars());
        assertEquals(List.of(new Upload.KvBinding("CACHE", "0f2ac74b498b48028cb68387c421e279"),
                new Upload.ServiceBinding("AUTH", "auth-worker", null, null), new Upload.Inherit("OLD")), upload.bindings());
        assertEquals("first", upload.message());
        assertEquals("v1", upload.tag());
        assertEquals(30, upload.cpuMs());
        assertFalse(upload.keepVars());
    }

    @Test
    void keepBindingsOfVarsKeepsThem() {
        Upload upload = Upload.parse(JSON, "{\"main_module\":\"index.js\",\"keep_bindings\":[\"plain_text\",\"json\"]}",
                List.of(module("index.js", INDEX)));
        assertTrue(upload.keepVars());
        assertEquals(List.of(), upload.bindings());
    }

    @Test
    void theDraftWorkerOfSecretPutGetsAJsModuleName() {
        Upload upload = Upload.parse(JSON, "{\"main_module\":\"hello\",\"bindings\":[],\"logpush\":false}",
                List.of(new Upload.Part("hello", "hello", "application/javascript+module",
                        "export default { fetch() {} }".getBytes(StandardCharsets.UTF_8))));
        assertEquals("hello.js", upload.mainModule());
        assertEquals(List.of("hello.js"), List.copyOf(upload.modules().keySet()));
    }

    @Test
    void whatEdgeworksCannotRunIsRefusedSayingWhatToUse() {
        List<Upload.Part> parts = List.of(module("index.js", INDEX));
        assertRefused(CfException.UNSUPPORTED, "ES modules", "{\"body_part\":\"worker.js\"}", parts);
        assertRefused(CfException.UNSUPPORTED, "static assets", "{\"main_module\":\"index.js\",\"assets\":{\"jwt\":\"x\"}}", parts);
        assertRefused(CfException.UNSUPPORTED, "KV namespace", "{\"main_module\":\"index.js\",\"migrations\":{\"new_tag\":\"v1\"}}", parts);
        assertRefused(CfException.UNSUPPORTED, "Durable Objects", "{\"main_module\":\"index.js\",\"bindings\":"
                + "[{\"name\":\"DO\",\"type\":\"durable_object_namespace\",\"class_name\":\"C\"}]}", parts);
        assertRefused(CfException.UNSUPPORTED, "wrangler secret put", "{\"main_module\":\"index.js\",\"bindings\":"
                + "[{\"name\":\"S\",\"type\":\"secret_text\",\"text\":\"x\"}]}", parts);
        assertRefused(CfException.UNSUPPORTED, "does not support", "{\"main_module\":\"index.js\",\"bindings\":"
                + "[{\"name\":\"B\",\"type\":\"r2_bucket\",\"bucket_name\":\"b\"}]}", parts);
        assertRefused(CfException.UNSUPPORTED, "ES modules only", "{\"main_module\":\"index.js\"}",
                List.of(module("index.js", INDEX), new Upload.Part("data.bin", "data.bin", "application/octet-stream", new byte[]{1})));
        assertRefused(CfException.VALIDATION, "not among", "{\"main_module\":\"main.js\"}", parts);
        assertRefused(CfException.VALIDATION, "no 'metadata'", null, parts);
        assertRefused(CfException.VALIDATION, "not JSON", "{nope", parts);
        assertRefused(CfException.VALIDATION, "twice", "{\"main_module\":\"index.js\",\"bindings\":"
                + "[{\"name\":\"A\",\"type\":\"plain_text\",\"text\":\"1\"},{\"name\":\"A\",\"type\":\"plain_text\",\"text\":\"2\"}]}", parts);
        assertRefused(CfException.VALIDATION, "needs 'namespace_id'", "{\"main_module\":\"index.js\",\"bindings\":"
                + "[{\"name\":\"K\",\"type\":\"kv_namespace\"}]}", parts);
        assertRefused(CfException.VALIDATION, "not UTF-8", "{\"main_module\":\"index.js\"}",
                List.of(new Upload.Part("index.js", "index.js", "application/javascript+module", new byte[]{(byte) 0xff, (byte) 0xfe})));
    }

    private static void assertRefused(int code, String messagePart, String metadata, List<Upload.Part> parts) {
        CfException e = assertThrows(CfException.class, () -> Upload.parse(JSON, metadata, parts));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
