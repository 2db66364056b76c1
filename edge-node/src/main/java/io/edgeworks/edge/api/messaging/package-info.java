/** HTML channel messaging: MessageChannel, MessagePort and MessageEvent within one worker context (messaging.js). */
package io.edgeworks.edge.api.messaging;
