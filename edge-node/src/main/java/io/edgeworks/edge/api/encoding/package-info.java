/**
 * Encoding Standard (TextEncoder, TextDecoder with UTF-8, UTF-16, ISO-2022-JP and the legacy encodings of
 * {@link io.edgeworks.edge.api.encoding.LegacyDecoder}; TextEncoderStream and TextDecoderStream) and HTML
 * atob/btoa, in encoding.js and encoding-streams.js.
 */
package io.edgeworks.edge.api.encoding;
