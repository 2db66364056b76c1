/**
 * Web Crypto API: getRandomValues, randomUUID and crypto.subtle (crypto.js) over java.security and
 * javax.crypto: digest and HMAC ({@link io.edgeworks.edge.api.crypto.CryptoHost}), ECDSA/ECDH
 * ({@link io.edgeworks.edge.api.crypto.Ecdsa}), and through {@link io.edgeworks.edge.api.crypto.SubtleHost}
 * RSA ({@code Rsa}), AES ({@code Aes}), HKDF/PBKDF2 ({@code Kdf}) and Ed25519/X25519 ({@code Okp}), with key
 * material held in {@link io.edgeworks.edge.api.crypto.KeyHandle}s.
 */
package io.edgeworks.edge.api.crypto;
