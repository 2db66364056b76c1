package io.edgeworks.api.security;

import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretContext;
import io.edgeworks.bundle.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Secret values at rest: {@link SecretSealer} (AES-256-GCM, random nonce) under {@code platform.secrets.key},
 * bound to their place: the associated data is {@link SecretContext#atRest} (account id, service id,
 * environment id and the secret's NAME), so a sealed value copied into another environment's, service's or
 * account's row (or under another name) does not open. Ids, not names: renames keep values valid; clone
 * and promote re-seal values for their target ({@link #rebind}). This is the form stored in
 * {@code versions.secrets}: {@code {"NAME": {"nonce": b64, "ciphertext": b64}}}; publication opens values
 * with {@link #open} and re-seals them for bundles. Plaintexts are never logged.
 *
 * <p>Rows written before this rule were sealed under the bare NAME ({@link SecretContext#legacyAtRest}).
 * {@link #open} still accepts those until {@link SecretReencryption} has re-sealed every row at start-up and
 * called {@link #retireLegacy()} (recorded in {@code secret_sealing}, so later start-ups refuse them at once).
 */
@ApplicationScoped
public class SecretVault {

    /** Where a secret lives: the ids its at-rest sealing is bound to. */
    public record Place(UUID account, UUID service, UUID environment) {
        public Place {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(environment, "environment");
        }

        String aad(String name) {
            return SecretContext.atRest(account, service, environment, name);
        }
    }

    private final SecretSealer sealer;
    private final SecretKeySpec fingerprintKey;
    private volatile boolean legacyAccepted = true;

    public SecretVault(PlatformConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.secrets().key().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be base64 of 32 bytes", e);
        }
        if (raw.length != SecretSealer.KEY_BYTES) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be base64 of 32 bytes, got "
                    + raw.length + " bytes");
        }
        this.sealer = new SecretSealer(raw);
        this.fingerprintKey = new SecretKeySpec(derive(raw), "HmacSHA256");
        Arrays.fill(raw, (byte) 0);
    }

    /** Encrypts the value of secret {@code name} for {@code place}. */
    public SealedSecret seal(Place place, String name, String plaintext) {
        return sealer.seal(plaintext, place.aad(name));
    }

    /**
     * Decrypts the stored value of secret {@code name} at {@code place} (or, until retired, a legacy value
     * sealed under the bare name).
     *
     * @throws IllegalStateException when it does not open (wrong key, wrong place or name, tampered value);
     *                               the message never contains the value
     */
    public String open(Place place, String name, SealedSecret sealed) {
        try {
            return sealer.open(sealed, place.aad(name));
        } catch (IllegalArgumentException bound) {
            if (legacyAccepted) {
                try {
                    return sealer.open(sealed, SecretContext.legacyAtRest(name));
                } catch (IllegalArgumentException legacy) {
                    // report the current rule's failure
                }
            }
            throw new IllegalStateException("stored secret '" + name + "' does not open with platform.secrets.key at "
                    + place + ": " + bound.getMessage());
        }
    }

    /** Opens a value sealed the pre-V81 way (bare NAME), for {@link SecretReencryption} only. */
    String openLegacy(String name, SealedSecret sealed) {
        try {
            return sealer.open(sealed, SecretContext.legacyAtRest(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored secret '" + name + "' does not open the legacy way either: " + e.getMessage());
        }
    }

    /** Whether the value is sealed for {@code place} under the current rule (not legacy). */
    public boolean bound(Place place, String name, SealedSecret sealed) {
        try {
            sealer.open(sealed, place.aad(name));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The value sealed for {@code to}; unchanged when already bound there. */
    public SealedSecret rebind(Place from, Place to, String name, SealedSecret sealed) {
        if (from.equals(to) && bound(to, name, sealed)) {
            return sealed;
        }
        return seal(to, name, open(from, name, sealed));
    }

    /** Every value of a version's secrets, sealed for {@code to}. */
    public SortedMap<String, SealedSecret> rebind(Place from, Place to, Map<String, SealedSecret> secrets) {
        SortedMap<String, SealedSecret> out = new TreeMap<>();
        secrets.forEach((name, sealed) -> out.put(name, rebind(from, to, name, sealed)));
        return out;
    }

    /**
     * Seals a platform secret that belongs to no secret NAME of an environment (the ACME account key,
     * certificates' private keys), bound to {@code aad}: it opens only with the same associated data.
     */
    public SealedSecret sealBound(String aad, String plaintext) {
        return sealer.seal(plaintext, aad);
    }

    /**
     * Opens what {@link #sealBound} sealed with the same {@code aad}.
     *
     * @throws IllegalStateException when it does not open (wrong key or place, tampered); never shows the value
     */
    public String openBound(String aad, SealedSecret sealed) {
        try {
            return sealer.open(sealed, aad);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a sealed platform secret (" + aad + ") does not open with platform.secrets.key: " + e.getMessage());
        }
    }

    /** From now on, values sealed under the bare name no longer open. */
    public void retireLegacy() {
        legacyAccepted = false;
    }

    public boolean legacyAccepted() {
        return legacyAccepted;
    }

    /**
     * A keyed fingerprint of a secret (HMAC-SHA256 under a key derived from the secrets key), so content
     * digests change exactly when a value changes without exposing a plain hash of it. Independent of the
     * place and of re-encryption.
     */
    public String fingerprint(Place place, String name, SealedSecret sealed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            mac.update((name + "\0").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(open(place, name, sealed).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a secret", e);
        }
    }

    private static byte[] derive(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("edgeworks secret fingerprint key".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
