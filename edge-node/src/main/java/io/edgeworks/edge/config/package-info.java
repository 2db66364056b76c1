/** Typed configuration (prefix edge). */
package io.edgeworks.edge.config;
