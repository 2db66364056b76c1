package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A bundle (or an {@link AccountManifest}: same envelope, see {@link ManifestCodec}) as it travels: the canonical bundle bytes ({@code payload}), an Ed25519 signature over exactly
 * those bytes, and the id of the signing key. {@link #toBytes()} is the envelope stored in Redis under
 * {@link RedisLayout#bundleKey(String) bundleKey}({@link #digest()}):
 * {@code {"format":1,"key_id":"…","payload":"<base64>","signature":"<base64>"}} (canonical JSON,
 * standard base64 with padding). Arrays are copied in and out, so instances are immutable.
 */
public record SignedBundle(String keyId, byte[] payload, byte[] signature) {
    public static final int FORMAT = 1;
    private static final Set<String> FIELDS = Set.of("format", "key_id", "payload", "signature");

    public SignedBundle {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId must not be blank");
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The content address: lower-case sha-256 hex of the payload. */
    public String digest() {
        return Digests.sha256Hex(payload);
    }

    /** The canonical envelope bytes. */
    public byte[] toBytes() {
        ObjectNode node = CanonicalJson.object();
        node.put("format", FORMAT);
        node.put("key_id", keyId);
        node.put("payload", Base64.getEncoder().encodeToString(payload));
        node.put("signature", Base64.getEncoder().encodeToString(signature));
        return CanonicalJson.write(node);
    }

    /**
     * Parses an envelope. Only the canonical form {@link #toBytes()} produces is accepted, so an envelope
     * has exactly one byte representation. Does not check the signature: see {@link BundleVerifier}.
     *
     * @throws BundleVerificationException {@code MALFORMED} or {@code UNSUPPORTED_FORMAT}
     */
    public static SignedBundle fromBytes(byte[] envelope) {
        SignedBundle parsed;
        try {
            JsonNode tree = CanonicalJson.read(envelope, "bundle envelope");
            if (tree.isObject() && tree.has("format")) {
                JsonNode format = tree.get("format");
                if (format.isIntegralNumber() && format.canConvertToLong() && format.longValue() != FORMAT) {
                    throw BundleFormatException.unsupported("bundle envelope", format.longValue(), FORMAT);
                }
            }
            StrictObject node = StrictObject.of(tree, "envelope", FIELDS);
            node.integer("format");
            String keyId = node.string("key_id");
            if (keyId.isBlank()) {
                throw new BundleFormatException("envelope.key_id: must not be blank");
            }
            parsed = new SignedBundle(keyId, base64(node, "payload"), base64(node, "signature"));
        } catch (BundleFormatException e) {
            throw new BundleVerificationException(e.unsupportedFormat()
                    ? BundleVerificationException.Reason.UNSUPPORTED_FORMAT
                    : BundleVerificationException.Reason.MALFORMED, e.getMessage(), e);
        }
        if (!Arrays.equals(parsed.toBytes(), envelope)) {
            throw new BundleVerificationException(BundleVerificationException.Reason.MALFORMED,
                    "bundle envelope is not in canonical form (sorted keys, no whitespace, canonical base64)");
        }
        return parsed;
    }

    private static byte[] base64(StrictObject node, String field) {
        String text = node.string(field);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(node.path(field) + ": not valid base64 (" + e.getMessage() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedBundle other
                && keyId.equals(other.keyId)
                && Arrays.equals(payload, other.payload)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(payload), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedBundle[keyId=" + keyId + ", digest=" + digest() + ", payload=" + payload.length
                + " bytes, signature=" + signature.length + " bytes]";
    }
}
