package io.edgeworks.admin.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.admin.client.ApiModel.AccountAnalytics;
import io.edgeworks.admin.client.ApiModel.Account;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.AuditEntry;
import io.edgeworks.admin.client.ApiModel.CronRun;
import io.edgeworks.admin.client.ApiModel.Deployment;
import io.edgeworks.admin.client.ApiModel.Domain;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.KvNamespace;
import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.ApiModel.Member;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Route;
import io.edgeworks.admin.client.ApiModel.Service;
import io.edgeworks.admin.client.ApiModel.Triggers;
import io.edgeworks.admin.client.ApiModel.Version;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import java.util.List;
import java.util.Map;

/** The raw HTTP client of platform-api; only {@link RestPlatformApi} uses it. */
@RegisterRestClient(configKey = "platform-api")
@RegisterProvider(BearerTokenFilter.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PlatformApiRestClient {

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return Problems.fromResponse(response);
    }

    @GET @Path("/me")
    Me me();

    @GET @Path("/accounts")
    List<Account> accounts();

    @POST @Path("/accounts")
    Account createAccount(Map<String, String> body);

    @DELETE @Path("/accounts/{a}")
    void deleteAccount(@PathParam("a") String account);

    @GET @Path("/accounts/{a}/tokens")
    List<ApiModel.ApiToken> tokens(@PathParam("a") String account);

    @POST @Path("/accounts/{a}/tokens")
    ApiModel.CreatedApiToken createToken(@PathParam("a") String account, Map<String, Object> body);

    @DELETE @Path("/accounts/{a}/tokens/{id}")
    void revokeToken(@PathParam("a") String account, @PathParam("id") String id);

    @GET @Path("/accounts/{a}/members")
    List<Member> members(@PathParam("a") String account);

    @PUT @Path("/accounts/{a}/members/{u}")
    JsonNode putMember(@PathParam("a") String account, @PathParam("u") String username, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/members/{u}")
    void removeMember(@PathParam("a") String account, @PathParam("u") String username);

    @GET @Path("/accounts/{a}/services")
    List<Service> services(@PathParam("a") String account);

    @GET @Path("/accounts/{a}/services/{s}")
    Service service(@PathParam("a") String account, @PathParam("s") String service);

    @POST @Path("/accounts/{a}/services")
    Service createService(@PathParam("a") String account, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/services/{s}")
    void deleteService(@PathParam("a") String account, @PathParam("s") String service);

    @GET @Path("/accounts/{a}/services/{s}/environments")
    List<Environment> environments(@PathParam("a") String account, @PathParam("s") String service);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}")
    Environment environment(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/graph")
    Graph graph(@PathParam("a") String account, @PathParam("s") String service, @PathParam("e") String environment);

    @POST @Path("/accounts/{a}/services/{s}/environments")
    Environment createEnvironment(@PathParam("a") String account, @PathParam("s") String service,
            Map<String, String> body);

    @PATCH @Path("/accounts/{a}/services/{s}/environments/{e}")
    Environment renameEnvironment(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/services/{s}/environments/{e}")
    void deleteEnvironment(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/versions")
    List<Version> versions(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, @QueryParam("limit") int limit);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/versions/{n}")
    Version version(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, @PathParam("n") int number);

    @POST @Path("/accounts/{a}/services/{s}/environments/{e}/versions")
    Version createVersion(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, NewVersion body);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/triggers")
    Triggers triggers(@PathParam("a") String account, @PathParam("s") String service, @PathParam("e") String environment);

    @PUT @Path("/accounts/{a}/services/{s}/environments/{e}/triggers")
    Triggers setTriggers(@PathParam("a") String account, @PathParam("s") String service, @PathParam("e") String environment,
            Triggers body);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/analytics")
    EnvironmentAnalytics environmentAnalytics(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("step") String step);

    @GET @Path("/accounts/{a}/analytics")
    AccountAnalytics accountAnalytics(@PathParam("a") String account, @QueryParam("from") String from, @QueryParam("to") String to);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/triggers/runs")
    List<CronRun> cronRuns(@PathParam("a") String account, @PathParam("s") String service, @PathParam("e") String environment,
            @QueryParam("limit") int limit);

    @PATCH @Path("/accounts/{a}/services/{s}/environments/{e}/vars")
    Version patchVars(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, Map<String, String> body);

    @PUT @Path("/accounts/{a}/services/{s}/environments/{e}/secrets/{n}")
    Version putSecret(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, @PathParam("n") String name, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/services/{s}/environments/{e}/secrets/{n}")
    Version deleteSecret(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, @PathParam("n") String name);

    @POST @Path("/accounts/{a}/services/{s}/environments/{e}/deployments")
    JsonNode deploy(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, Map<String, Object> body);

    @GET @Path("/accounts/{a}/services/{s}/environments/{e}/deployments")
    List<Deployment> deployments(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment);

    @POST @Path("/accounts/{a}/services/{s}/environments/{e}/promote")
    JsonNode promote(@PathParam("a") String account, @PathParam("s") String service,
            @PathParam("e") String environment, Map<String, String> body);

    @GET @Path("/accounts/{a}/domains")
    List<Domain> domains(@PathParam("a") String account);

    @POST @Path("/accounts/{a}/domains")
    JsonNode createDomain(@PathParam("a") String account, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/domains/{d}")
    void deleteDomain(@PathParam("a") String account, @PathParam("d") String domain);

    @PATCH @Path("/accounts/{a}/domains/{d}")
    Domain updateDomain(@PathParam("a") String account, @PathParam("d") String domain, Map<String, Object> body);

    @POST @Path("/accounts/{a}/domains/{d}/verify")
    Domain verifyDomain(@PathParam("a") String account, @PathParam("d") String domain);

    @GET @Path("/accounts/{a}/routes")
    List<Route> routes(@PathParam("a") String account);

    @POST @Path("/accounts/{a}/routes")
    JsonNode createRoute(@PathParam("a") String account, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/routes/{id}")
    void deleteRoute(@PathParam("a") String account, @PathParam("id") String id);

    @GET @Path("/accounts/{a}/previews")
    List<ApiModel.Preview> previews(@PathParam("a") String account);

    @POST @Path("/accounts/{a}/previews")
    ApiModel.Preview createPreview(@PathParam("a") String account, Map<String, Object> body);

    @DELETE @Path("/accounts/{a}/previews/{name}")
    void deletePreview(@PathParam("a") String account, @PathParam("name") String name);

    @GET @Path("/accounts/{a}/kv/namespaces")
    List<KvNamespace> namespaces(@PathParam("a") String account);

    @POST @Path("/accounts/{a}/kv/namespaces")
    JsonNode createNamespace(@PathParam("a") String account, Map<String, String> body);

    @DELETE @Path("/accounts/{a}/kv/namespaces/{ns}")
    void deleteNamespace(@PathParam("a") String account, @PathParam("ns") String namespace);

    @GET @Path("/accounts/{a}/kv/namespaces/{ns}/values")
    JsonNode kvKeys(@PathParam("a") String account, @PathParam("ns") String namespace,
            @QueryParam("prefix") String prefix);

    @GET @Path("/accounts/{a}/kv/namespaces/{ns}/values/{key}")
    @Produces(MediaType.WILDCARD)
    byte[] kvGet(@PathParam("a") String account, @PathParam("ns") String namespace, @PathParam("key") String key);

    @PUT @Path("/accounts/{a}/kv/namespaces/{ns}/values/{key}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    void kvPut(@PathParam("a") String account, @PathParam("ns") String namespace, @PathParam("key") String key,
            byte[] value);

    @DELETE @Path("/accounts/{a}/kv/namespaces/{ns}/values/{key}")
    void kvDelete(@PathParam("a") String account, @PathParam("ns") String namespace, @PathParam("key") String key);

    @GET @Path("/accounts/{a}/audit")
    List<AuditEntry> audit(@PathParam("a") String account, @QueryParam("limit") int limit,
            @QueryParam("before") Long before);
}
