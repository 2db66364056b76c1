/** DOM Standard: DOMException and QuotaExceededError, Event, EventTarget, AbortController, AbortSignal (abort.js). */
package io.edgeworks.edge.api.abort;
