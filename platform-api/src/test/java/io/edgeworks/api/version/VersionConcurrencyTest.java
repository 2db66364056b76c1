package io.edgeworks.api.version;

import io.edgeworks.api.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class VersionConcurrencyTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void twentyParallelVersionsGetNumbersOneToTwenty() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String token = Api.token(owner);
        URI uri = root.resolve(Api.env(slug, "hello", "production").substring(1) + "/versions");
        try (HttpClient client = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.rangeClosed(1, 20).mapToObj(i -> client.sendAsync(
                    HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"modules\":{\"worker.js\":\"export default {}\"},\"vars\":{\"N\":\"" + i + "\"}}"))
                            .build(), HttpResponse.BodyHandlers.ofString())).toList();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                statuses.add(call.join().statusCode());
            }
            assertEquals(List.of(201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201),
                    statuses, "every parallel POST creates a version");
        }
        as(owner).get(Api.env(slug, "hello", "production") + "/versions?limit=50").then().statusCode(200)
                .body("number", equalTo(IntStream.iterate(20, n -> n >= 1, n -> n - 1).boxed().toList()));
        as(owner).get(Api.env(slug, "hello", "production")).then().body("latest_version", equalTo(20));
    }
}
