package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sealing contexts and the binding JSON: the protocol strings, pinned. */
class SecretContextTest {

    @Test
    void contextsArePinned() {
        assertEquals("acme/hello/production:3:API_KEY", SecretContext.bundle(Fixtures.HELLO, 3, "API_KEY"));
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID s = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        UUID e = UUID.fromString("00000000-0000-0000-0000-00000000000c");
        assertEquals("edgeworks-secret/v2:00000000-0000-0000-0000-00000000000a/00000000-0000-0000-0000-00000000000b/"
                + "00000000-0000-0000-0000-00000000000c:API_KEY", SecretContext.atRest(a, s, e, "API_KEY"));
        assertEquals("API_KEY", SecretContext.legacyAtRest("API_KEY"));
    }

    @Test
    void aValueSealedForOneEnvironmentDoesNotOpenInAnother() {
        SecretSealer sealer = Fixtures.sealer();
        UUID a = UUID.randomUUID();
        UUID s = UUID.randomUUID();
        SealedSecret sealed = sealer.seal("v", SecretContext.atRest(a, s, UUID.randomUUID(), "K"));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, SecretContext.atRest(a, s, UUID.randomUUID(), "K")));
    }

    @Test
    void bindingJsonRoundTripsAndMatchesTheBundleForm() {
        List<Binding> bindings = List.of(new Binding.Service("AUTH", "auth", "staging"), new Binding.Kv("CACHE", "cache", "kv_1"));
        List<Map<String, Object>> json = BindingJson.toJson(bindings);
        assertEquals(List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "environment", "staging"),
                Map.of("type", "kv", "name", "CACHE", "namespace", "cache", "namespace_id", "kv_1")), json);
        assertEquals(bindings, json.stream().map(BindingJson::fromJson).toList());
        assertThrows(IllegalArgumentException.class, () -> BindingJson.fromJson(Map.of("type", "queue", "name", "Q")));
        assertThrows(IllegalArgumentException.class, () -> BindingJson.fromJson(Map.of("type", "kv", "name", "Q")));
    }
}
