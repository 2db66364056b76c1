/**
 * Web Platform Tests conformance runner: executes the WPT corpus ({@code ../shared/conformance}) inside
 * the edge node's own worker runtime (the same sandboxed contexts, prelude and event loop as tenant code,
 * through {@link io.edgeworks.edge.runtime.WorkerPool#runScripts}), following the corpus README's host
 * sequence, and reports passed/total per API area beside workerd's expected figures. {@link
 * io.edgeworks.edge.conformance.ConformanceMain} is the command ({@code deploy/local/conformance.sh});
 * {@link io.edgeworks.edge.conformance.Expectations} holds the committed list of subtests that fail today.
 */
package io.edgeworks.edge.conformance;
