/** Encoding Standard (TextEncoder, TextDecoder with UTF-8, UTF-16 and the legacy encodings of {@link io.edgeworks.edge.api.encoding.LegacyDecoder}) and HTML atob/btoa, in encoding.js. */
package io.edgeworks.edge.api.encoding;
