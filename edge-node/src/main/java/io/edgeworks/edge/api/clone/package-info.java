/** HTML structured clone: structuredClone() (clone.js). */
package io.edgeworks.edge.api.clone;
