/** URL Standard: URL (parsed on the host by UrlParser) and URLSearchParams (url.js). */
package io.edgeworks.edge.api.url;
