package io.edgeworks.api.common;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * Documents the error contract on every operation: problem+json bodies for 400, 401, 403, 404, 409, 413
 * and 429, with what each means on this API. Registered through {@code mp.openapi.filter}.
 */
public class ProblemResponsesFilter implements OASFilter {
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Invalid input; `errors` names each invalid field (or a quota is reached: `quota` names it, its limit and current use)",
            "401", "Missing or invalid bearer token",
            "403", "You are a member of the account, but your role is too low for this call",
            "404", "No such resource, or an account you are not a member of (its existence is not disclosed)",
            "409", "Conflicts with the current state: a name already taken, or a change refused while something depends on it",
            "413", "The body exceeds a configured size limit",
            "429", "Too many requests for this token (`platform.quotas.api-requests-per-minute`) or deploys for this account "
                    + "(`platform.quotas.deploys-per-minute`); the `Retry-After` header says after how many seconds to try again");

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        // a documented 201 answers the same body as the generated 200; drop the generated one unless documented too
        APIResponse created = responses.getAPIResponse("201");
        APIResponse ok = responses.getAPIResponse("200");
        if (created != null && created.getContent() == null && ok != null) {
            created.setContent(ok.getContent());
            if ("OK".equals(ok.getDescription())) {
                responses.removeAPIResponse("200");
            }
        }
        ERRORS.forEach((code, description) -> {
            APIResponse response = OASFactory.createAPIResponse()
                    .description(description)
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
            if ("429".equals(code)) {
                response.addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds until the limit's window has room again")
                        .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)));
            }
            responses.addAPIResponse(code, response);
        });
        operation.setResponses(responses);
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getInfo().title("Edgeworks platform API")
                .description("Control plane of Edgeworks: accounts, members, services, environments, versions, deployments, "
                        + "domains, routes, KV namespaces and the audit log. JSON fields are snake_case; errors are "
                        + "application/problem+json (RFC 9457). Every /api call needs `Authorization: Bearer <token>`.");
    }
}
