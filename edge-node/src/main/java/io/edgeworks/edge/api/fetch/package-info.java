/** Fetch Standard: Headers, Request, Response and global fetch() (fetch.js); outbound HTTP with non-blocking name resolution (HostResolver) and the private-address policy (OutboundFetcher, AddressPolicy, AddressRange, NodeAddresses), its response bodies streamed as they arrive (UpstreamBody). */
package io.edgeworks.edge.api.fetch;
