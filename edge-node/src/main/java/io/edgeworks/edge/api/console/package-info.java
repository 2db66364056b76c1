/** Console Standard subset (console.js): output goes to the request's tenant log, tagged with environment and version. */
package io.edgeworks.edge.api.console;
