/** Encoding Standard (UTF-8 TextEncoder/TextDecoder) and HTML atob/btoa, in encoding.js. */
package io.edgeworks.edge.api.encoding;
