package io.edgeworks.api.certificate;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Certificates on: a real Pebble and the edge's stand-in for HTTP-01 ({@link AcmeTestServers}). */
public class AcmeTestProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AcmeTestServers.class));
    }
}
