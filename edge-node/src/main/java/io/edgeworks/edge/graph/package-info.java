/** Builds immutable service graphs (environments, versions, hostnames, routes) off to the side and swaps them atomically (LiveGraph). */
package io.edgeworks.edge.graph;
