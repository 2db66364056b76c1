/**
 * TLS at the edge: the certificates a node presents ({@link io.edgeworks.edge.tls.CertificateStore}),
 * chosen per handshake by SNI ({@link io.edgeworks.edge.tls.SniKeyManager}) from the custom domains'
 * certificates, the operator's configured ones and, in development, certificates a local CA issues
 * ({@link io.edgeworks.edge.tls.DevIssuer}). Framework-free; the HTTPS listener in {@code server} uses it.
 */
package io.edgeworks.edge.tls;
