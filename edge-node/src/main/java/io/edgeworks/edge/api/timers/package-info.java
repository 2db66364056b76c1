/** HTML timers: setTimeout/clearTimeout/setInterval/clearInterval (timers.js); scheduled per request by the runtime. */
package io.edgeworks.edge.api.timers;
