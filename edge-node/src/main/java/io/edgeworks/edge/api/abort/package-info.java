/** DOM Standard: DOMException, Event, EventTarget, AbortController, AbortSignal (abort.js). */
package io.edgeworks.edge.api.abort;
