package io.edgeworks.api.kv;

import io.edgeworks.api.publish.TestRedisServer;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The durable KV tests' configuration: their own redis-server ({@link TestRedisServer}, which they flush), the stream
 * consumer and the restore not running by themselves ({@code platform.kv.durability-enabled} stays off, as in every test
 * of the fast tier): the tests drive {@link KvWriteConsumer#round()} and {@link KvRestorer#checkNow()} step by step, so
 * each state in between can be looked at. The system tier (KvDurabilityIT) runs them as deployed, on their own threads.
 */
public class KvTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("platform.kv.read-block", "100ms", "platform.kv.claim-idle", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestRedisServer.class));
    }
}
