/** The edge node: routes hostnames to in-memory service graphs and runs tenant JavaScript. */
package io.edgeworks.edge;
