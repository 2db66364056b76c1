package io.edgeworks.api.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.Digests;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 (hex) over a canonical JSON form of a version's content: main module, modules, vars, secret
 * fingerprints (keyed HMAC of each value, so re-encryption does not change the digest), bindings and cpu_ms,
 * with sorted keys. Equal digests mean "this request changes nothing".
 */
@ApplicationScoped
public class ContentDigest {
    private final ObjectMapper canonical = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final SecretVault vault;

    public ContentDigest(SecretVault vault) {
        this.vault = vault;
    }

    /** The digest of {@code content}, whose secrets are sealed for {@code place}. */
    String of(VersionContent content, SecretVault.Place place) {
        Map<String, Object> form = new TreeMap<>();
        form.put("main_module", content.mainModule());
        form.put("modules", content.modules());
        form.put("vars", content.vars());
        Map<String, String> secrets = new TreeMap<>();
        content.secrets().forEach((name, sealed) -> secrets.put(name, vault.fingerprint(place, name, sealed)));
        form.put("secrets", secrets);
        form.put("bindings", StoredBindings.toJson(content.bindings()));
        form.put("cpu_ms", content.cpuMs());
        try {
            return Digests.sha256Hex(canonical.writeValueAsBytes(form));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot compute a content digest", e);
        }
    }

}
