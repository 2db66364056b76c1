package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Views;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Version numbers are gapless and unique per environment even under concurrent deploys (issue 2): 20
 * version POSTs released at once, each with different code and a real token, get exactly 1..20.
 */
class VersionConcurrencyIT {
    private static final int DEPLOYS = 20;

    @BeforeAll
    static void stackIsUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK);
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void twentyParallelDeploysGetNumbersOneToTwenty() throws Exception {
        Api alice = Api.as("alice");
        Tenant tenant = Tenant.create(alice, "race");
        tenant.createService("race");
        String versions = tenant.envPath("race", "production") + "/versions";

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(DEPLOYS)) {
            for (int i = 1; i <= DEPLOYS; i++) {
                String source = "// deploy " + i + "\n" + Workers.GREETER;
                calls.add(pool.submit(() -> {
                    start.await();
                    return alice.post(versions, Workers.version(source));
                }));
            }
            start.countDown();
            List<Integer> numbers = new ArrayList<>();
            for (Future<Reply> call : calls) {
                numbers.add(get(call).expect(201).json().path("number").asInt());
            }
            numbers.sort(null);
            assertEquals(IntStream.rangeClosed(1, DEPLOYS).boxed().toList(), numbers,
                    "each of the parallel deploys gets its own number, without gaps");
        }

        Reply list = alice.get(versions).expect(200);
        assertEquals(IntStream.rangeClosed(1, DEPLOYS).map(i -> DEPLOYS + 1 - i).boxed().toList(), Views.numbers(list.array()),
                "the history lists 20..1, newest first\n" + list.describe());
        Reply page = alice.get(versions + "?limit=5").expect(200);
        assertEquals(List.of(20, 19, 18, 17, 16), Views.numbers(page.array()), "?limit=5 answers the newest five\n" + page.describe());
        JsonNode environment = tenant.environment("race", "production");
        assertEquals(DEPLOYS, environment.path("latest_version").asInt(), environment.toString());
    }

    private static Reply get(Future<Reply> call) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return call.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw e;
        }
    }
}
