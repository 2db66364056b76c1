package io.edgeworks.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI document is part of the contract: this test pins it. When the API changes on purpose, run
 * {@code ./mvnw -o -B -pl platform-api verify -Dtest=OpenApiApprovalTest -Dopenapi.approve=true} and commit
 * {@code src/test/resources/openapi.approved.json} with the change.
 */
@QuarkusTest
class OpenApiApprovalTest {
    private static final Path APPROVED = Path.of("src/test/resources/openapi.approved.json");
    private static final Path ACTUAL = Path.of("target/openapi.actual.json");

    @Test
    void openApiDocumentMatchesTheApprovedOne() throws Exception {
        String served = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        JsonNode tree = mapper.readTree(served);
        String actual = mapper.writeValueAsString(mapper.treeToValue(tree, Object.class)) + "\n";
        Files.createDirectories(ACTUAL.getParent());
        Files.writeString(ACTUAL, actual);
        if (Boolean.getBoolean("openapi.approve")) {
            Files.writeString(APPROVED, actual);
            return;
        }
        if (!Files.exists(APPROVED)) {
            fail("no approved OpenAPI document; review " + ACTUAL + " and approve it with -Dopenapi.approve=true");
        }
        String approved = Files.readString(APPROVED);
        if (!approved.equals(actual)) {
            assertEquals(approved, actual, "the OpenAPI document changed (served version in " + ACTUAL + "). If the change is intended, run "
                    + "./mvnw -o -B -pl platform-api verify -Dtest=OpenApiApprovalTest -Dopenapi.approve=true and commit "
                    + APPROVED + "; diff: diff " + APPROVED + " " + ACTUAL);
        }
    }
}
