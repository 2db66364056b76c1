/** URL Standard: URL (parsed on the host by {@link io.edgeworks.edge.api.url.WhatwgUrl}, IDNA through ICU4J's UTS #46) and URLSearchParams (url.js). */
package io.edgeworks.edge.api.url;
