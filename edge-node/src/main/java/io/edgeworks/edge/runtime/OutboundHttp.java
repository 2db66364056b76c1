package io.edgeworks.edge.runtime;

import java.util.concurrent.CompletionStage;

/** The channel behind global fetch(): outbound HTTP with the address policy and timeouts applied. */
public interface OutboundHttp {

    /**
     * Sends the request; completes with the response (its final URL and whether a redirect was followed
     * are in {@link Result}) or exceptionally with an exception whose message is shown to the worker.
     * The response may complete as soon as its head arrived, its body then being {@link EdgeResponse#stream()}
     * (pulled by the worker as it reads; the request's end cancels it when the worker did not finish it).
     */
    CompletionStage<Result> send(EdgeRequest request, String redirectMode);

    /** The most bytes a worker may read of a streamed response body in one piece ({@code await res.text()}). */
    default long wholeBodyLimit() {
        return Long.MAX_VALUE;
    }

    record Result(EdgeResponse response, String url, boolean redirected) {
    }
}
