/** Fetch Standard: Headers, Request, Response and global fetch() (fetch.js); outbound HTTP with the private-address policy (OutboundFetcher, AddressPolicy), its response bodies streamed as they arrive (UpstreamBody). */
package io.edgeworks.edge.api.fetch;
