/** Web Crypto API subset: getRandomValues, randomUUID, subtle.digest (crypto.js + CryptoHost). */
package io.edgeworks.edge.api.crypto;
