package io.edgeworks.admin.client;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The raw SSE client of platform-api's tail stream (its own config key: a long read timeout); only {@link RestTailClient} uses it. */
@RegisterRestClient(configKey = "platform-api-tail")
@Path("/api")
interface TailRestClient {

    @GET
    @Path("/accounts/{a}/services/{s}/environments/{e}/tail")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<String> tail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("a") String account,
            @PathParam("s") String service, @PathParam("e") String environment, @QueryParam("outcome") List<String> outcome,
            @QueryParam("method") List<String> method, @QueryParam("query") String query,
            @QueryParam("sampling_rate") Double samplingRate);
}
