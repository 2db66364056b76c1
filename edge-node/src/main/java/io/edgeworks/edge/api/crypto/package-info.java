/**
 * Web Crypto API subset: getRandomValues, randomUUID, subtle.digest, HMAC and ECDSA (P-256/384/521)
 * generateKey/importKey/exportKey/sign/verify (crypto.js + CryptoHost + Ecdsa).
 */
package io.edgeworks.edge.api.crypto;
