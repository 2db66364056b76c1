package io.edgeworks.admin.client;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** {@link TailClient} over platform-api's SSE endpoint. */
@ApplicationScoped
public class RestTailClient implements TailClient {
    private final TailRestClient client;

    @Inject
    public RestTailClient(@RestClient TailRestClient client) {
        this.client = client;
    }

    @Override
    public Multi<String> events(String accessToken, String account, String service, String environment, TailQuery query) {
        return client.tail(accessToken == null ? null : "Bearer " + accessToken, account, service, environment,
                query.outcomes(), query.methods(), query.search(), query.samplingRate());
    }
}
