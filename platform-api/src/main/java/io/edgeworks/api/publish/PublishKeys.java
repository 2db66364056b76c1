package io.edgeworks.api.publish;

import io.edgeworks.bundle.BundleSigner;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.SecretSealer;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Optional;

/**
 * The keys publication uses, read once from configuration: the Ed25519 signing key and its id, and
 * the bundle secret key (seals secrets for edge nodes). Secrets at rest are opened by
 * {@link io.edgeworks.api.security.SecretVault} ({@code platform.secrets.key}).
 *
 * <p>In dev and test mode a missing key falls back to the fixed development keys below (published in
 * this source: never use them elsewhere). In prod a missing or invalid key fails the start with a
 * message naming the property and its environment variable.
 */
@ApplicationScoped
public class PublishKeys {

    /** Development signing key (PKCS#8, base64). Its public key is {@link #DEV_SIGNING_PUBLIC_KEY}. */
    static final String DEV_SIGNING_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIG2YeqK7SPU/d0IcVoGY/006JztjNB7+FODJmXrRrBNl";
    /** Development verification key (X.509, base64), for edge nodes in dev and test. */
    public static final String DEV_SIGNING_PUBLIC_KEY = "MCowBQYDK2VwAyEAmnmx7z5G3Eke4Wo+ZQk3bFbWUcVt4hk4Abc7dlJEe4U=";
    /** Development bundle secret key (base64, 32 bytes). */
    public static final String DEV_BUNDLE_SECRET_KEY = "W/r1ouy9tYAz2mcPuv3PrkLO/pRQw/ozj/eWoVyTby8=";

    private final BundleSigner signer;
    private final PublicKey publicKey;
    private final BundleSecrets bundleSecrets;

    @Inject
    public PublishKeys(PublishConfig config) {
        this(config, LaunchMode.current() != LaunchMode.NORMAL);
    }

    PublishKeys(PublishConfig config, boolean devDefaults) {
        String signing = value(config.signingKey(), devDefaults, DEV_SIGNING_PRIVATE_KEY,
                "platform.publish.signing-key", "EDGEWORKS_SIGNING_PRIVATE_KEY");
        PrivateKey privateKey;
        try {
            privateKey = Ed25519Keys.privateKeyFromBase64(signing);
            publicKey = publicKeyOf(privateKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("platform.publish.signing-key (EDGEWORKS_SIGNING_PRIVATE_KEY): " + e.getMessage(), e);
        }
        String keyId = config.signingKeyId().filter(s -> !s.isBlank()).orElse(Ed25519Keys.keyId(publicKey));
        signer = new BundleSigner(keyId, privateKey);
        bundleSecrets = new BundleSecrets(aesKey(value(config.bundleSecretKey(), devDefaults, DEV_BUNDLE_SECRET_KEY,
                "platform.publish.bundle-secret-key", "EDGEWORKS_BUNDLE_SECRET_KEY"), "platform.publish.bundle-secret-key"));
    }

    public BundleSigner signer() {
        return signer;
    }

    /** The public half of the signing key; edge nodes trust it under {@link BundleSigner#keyId()}. */
    public PublicKey publicKey() {
        return publicKey;
    }

    BundleSecrets bundleSecrets() {
        return bundleSecrets;
    }

    private static String value(Optional<String> configured, boolean devDefaults, String devDefault, String property, String env) {
        Optional<String> present = configured.filter(s -> !s.isBlank());
        if (present.isPresent()) {
            return present.get();
        }
        if (devDefaults) {
            return devDefault;
        }
        throw new IllegalStateException(property + " is not set: set environment variable " + env
                + " (deploy/local/up.sh generates development keys in its state folder)");
    }

    private static byte[] aesKey(String base64, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid base64: " + e.getMessage(), e);
        }
        if (key.length != SecretSealer.KEY_BYTES) {
            throw new IllegalStateException(property + " must be base64 of " + SecretSealer.KEY_BYTES + " bytes, got " + key.length + " bytes");
        }
        return key;
    }

    /** Ed25519 public key from the private key (the JDK derives it from the seed via a KeyPairGenerator seeded with it). */
    private static PublicKey publicKeyOf(PrivateKey privateKey) {
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("private key has no extractable seed"));
        return Ed25519Seed.publicKey(seed);
    }
}
