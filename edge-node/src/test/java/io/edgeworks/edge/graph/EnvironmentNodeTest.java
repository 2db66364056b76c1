package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentNodeTest {
    private static final EnvironmentRef REF = EnvironmentRef.parse("acme/shop/production");

    private static WorkerVersion version(int n) {
        return new WorkerVersion(REF, n, "id" + n, "d" + n, "w.js", Map.of("w.js", "export default {fetch(){}}"), Map.of(), Map.of(), List.of(), 50);
    }

    private static EnvironmentNode split(int newPercentage) {
        return new EnvironmentNode(REF, "shop.acme.localhost", List.of(
                new EnvironmentNode.Share(version(1), 100 - newPercentage), new EnvironmentNode.Share(version(2), newPercentage)));
    }

    private static EdgeRequest pinned(String client) {
        return new EdgeRequest("GET", "http://shop.acme.localhost/", List.of(Map.entry(EnvironmentNode.PIN_HEADER, client)), null);
    }

    @Test
    void pinnedClientsStayOnTheirVersionAndOnlyMoveOldToNewWhenThePercentageRises() {
        for (int i = 0; i < 2000; i++) {
            String client = "client-" + i;
            int before = split(10).pick(pinned(client)).number();
            assertEquals(before, split(10).pick(pinned(client)).number(), "deterministic");
            int after = split(50).pick(pinned(client)).number();
            if (before == 2) {
                assertEquals(2, after, client + " moved back from new to old");
            }
        }
    }

    @Test
    void percentagesAreRoughlyHonoured() {
        EnvironmentNode node = split(10);
        int onNew = 0;
        for (int i = 0; i < 10_000; i++) {
            if (node.pick(pinned("c" + i)).number() == 2) {
                onNew++;
            }
        }
        assertTrue(onNew > 800 && onNew < 1200, "pinned share on new: " + onNew);
        int random = 0;
        EdgeRequest unpinned = new EdgeRequest("GET", "http://shop.acme.localhost/", List.of(), null);
        for (int i = 0; i < 10_000; i++) {
            if (node.pick(unpinned).number() == 2) {
                random++;
            }
        }
        assertTrue(random > 800 && random < 1200, "random share on new: " + random);
    }
}
