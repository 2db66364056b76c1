package io.edgeworks.edge.runtime;

/**
 * One JavaScript RPC call through a service binding ({@code env.AUTH.check(token)}), as the host carries it
 * from the caller's realm to the callee's and back: the method name and the arguments, then the result or
 * what the method threw. Values cross as the prelude's message text (env/rpc.js, structured clone encoded
 * as JSON), never as objects: each realm decodes a message into objects of its own, so nothing of one
 * realm, nor of the host, reaches another.
 */
final class RpcCall {
    /**
     * The longest message the host carries, in characters: Cloudflare's 32 MiB bound on a serialised RPC
     * message. The prelude refuses longer ones itself (a DataCloneError); the host checks again.
     */
    static final int MAX_MESSAGE_CHARS = 32 * 1024 * 1024;

    final String method;
    final String arguments;
    private String result;
    private String thrown;

    RpcCall(String method, String arguments) {
        this.method = method;
        this.arguments = arguments;
    }

    /**
     * Takes the callee's outcome: the result's message, or the message of what it threw. Null when it is one
     * (the strings are copied out of the callee's realm here, before that realm may close), else why not.
     */
    String settle(WorkerContext.Outcome outcome) {
        if (outcome.thrown != null) {
            thrown = outcome.thrown;
        } else if (outcome.error != null) {
            return outcome.error;
        } else if (outcome.value != null && outcome.value.isString()) {
            result = outcome.value.asString();
        } else {
            return "the RPC method's result is not a message";
        }
        String message = thrown != null ? thrown : result;
        if (message.length() > MAX_MESSAGE_CHARS) {
            result = null;
            thrown = null;
            return "the RPC result is larger than " + MAX_MESSAGE_CHARS + " characters encoded";
        }
        return null;
    }

    /** The result's message, or null when the method threw (or never settled). */
    String result() {
        return result;
    }

    /** The message of what the method threw, or null. */
    String thrown() {
        return thrown;
    }
}
