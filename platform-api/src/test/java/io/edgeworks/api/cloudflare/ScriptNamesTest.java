package io.edgeworks.api.cloudflare;

import io.edgeworks.api.deployment.DeploymentView;
import io.edgeworks.api.deployment.Split;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScriptNamesTest {

    @Test
    void everyReadingAsServiceAndEnvironmentLongestServiceFirst() {
        assertEquals(List.of(new ScriptNames.Place("hello", "staging")), ScriptNames.splits("hello-staging"));
        assertEquals(List.of(new ScriptNames.Place("my-app", "staging"), new ScriptNames.Place("my", "app-staging")),
                ScriptNames.splits("my-app-staging"));
        assertEquals(List.of(), ScriptNames.splits("hello"));
        // "production" is never a suffix: <service>-production is a plain service name
        assertEquals(List.of(), ScriptNames.splits("hello-production"));
    }

    @Test
    void scriptNamesAreTheInverse() {
        assertEquals("hello", ScriptNames.scriptOf("hello", "production"));
        assertEquals("hello-staging", ScriptNames.scriptOf("hello", "staging"));
        for (ScriptNames.Place place : ScriptNames.splits("my-app-staging")) {
            assertEquals("my-app-staging", ScriptNames.scriptOf(place.service(), place.environment()));
        }
    }

    @Test
    void tagsNameThePlace() {
        assertEquals(new ScriptNames.Place("hello", "staging"), ScriptNames.fromTags(List.of("cf:service=hello", "cf:environment=staging")));
        assertEquals(new ScriptNames.Place("hello", "production"), ScriptNames.fromTags(List.of("team=web", "cf:service=hello")));
        assertNull(ScriptNames.fromTags(List.of("team=web")));
    }

    @Test
    void scriptNamesMustBeServiceNames() {
        assertEquals("auth-worker", ScriptNames.check("auth-worker"));
        assertEquals(CfException.VALIDATION, assertThrows(CfException.class, () -> ScriptNames.check("My_Worker")).code());
        assertEquals(CfException.VALIDATION, assertThrows(CfException.class, () -> ScriptNames.check("-x")).code());
    }

    @Test
    void idsWithAndWithoutDashes() {
        UUID id = UUID.randomUUID();
        assertEquals(id, Workers.parseId(id.toString()));
        assertEquals(id, Workers.parseId(Workers.hex(id)));
        assertNull(Workers.parseId("not-an-id"));
    }

    @Test
    void aDeploymentOfAnOlderVersionAloneIsARollback() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        DeploymentView first = new DeploymentView(UUID.randomUUID(), 1, List.of(new Split(1, 100)), null, "a", t);
        DeploymentView second = new DeploymentView(UUID.randomUUID(), 2, List.of(new Split(2, 100)), null, "a", t);
        DeploymentView split = new DeploymentView(UUID.randomUUID(), 3, List.of(new Split(3, 90), new Split(2, 10)), "", "a", t);
        DeploymentView back = new DeploymentView(UUID.randomUUID(), 4, List.of(new Split(2, 100)), "Rollback", "a", t);
        Map<Integer, UUID> ids = Map.of(1, UUID.randomUUID(), 2, UUID.randomUUID(), 3, UUID.randomUUID());
        List<Map<String, Object>> listed = Workers.deployments(List.of(back, split, second, first), ids);
        assertEquals(List.of("rollback", "deployment", "deployment", "deployment"),
                listed.stream().map(d -> ((Map<?, ?>) d.get("annotations")).get("workers/triggered_by")).toList());
        assertEquals(List.of(Map.of("version_id", ids.get(3).toString(), "percentage", 90),
                Map.of("version_id", ids.get(2).toString(), "percentage", 10)), listed.get(1).get("versions"));
    }
}
