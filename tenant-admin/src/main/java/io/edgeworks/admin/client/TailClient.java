package io.edgeworks.admin.client;

import io.smallrye.mutiny.Multi;

/**
 * platform-api's live tail of an environment as Server-Sent Events ({@code GET …/environments/{e}/tail}), the same
 * stream {@code wrangler tail} reads, opened as the signed-in person. Each item is one event's JSON, or, when the API
 * refuses (403, 404, 429), a problem object as the only item. Cancelling the subscription closes the connection,
 * which ends the tail in platform-api.
 */
public interface TailClient {

    /** {@code accessToken}: the person's access token (the stream outlives the request scope a filter would read it in). */
    Multi<String> events(String accessToken, String account, String service, String environment, TailQuery query);
}
