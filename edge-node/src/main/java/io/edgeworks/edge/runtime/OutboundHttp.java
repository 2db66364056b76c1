package io.edgeworks.edge.runtime;

import java.util.concurrent.CompletionStage;

/** The channel behind global fetch(): outbound HTTP with the address policy and timeouts applied. */
public interface OutboundHttp {

    /**
     * Sends the request; completes with the response (its final URL and whether a redirect was followed
     * are in {@link Result}) or exceptionally with an exception whose message is shown to the worker.
     */
    CompletionStage<Result> send(EdgeRequest request, String redirectMode);

    record Result(EdgeResponse response, String url, boolean redirected) {
    }
}
