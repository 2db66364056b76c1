package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static io.edgeworks.bundle.Fixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelValidationTest {
    private static final EnvironmentRef REF = new EnvironmentRef("acme", "svc", "production");

    @Test
    void deploymentPercentagesMustSumToOneHundred() {
        assertMessage("percentages must sum to 100, got 90",
                () -> new Deployment(List.of(new Deployment.Split(1, 50), new Deployment.Split(2, 40))));
        assertMessage("percentages must sum to 100, got 99", () -> new Deployment(List.of(new Deployment.Split(1, 99))));
        assertMessage("a deployment has one or two versions", () -> new Deployment(List.of()));
        assertMessage("a deployment has one or two versions", () -> new Deployment(List.of(
                new Deployment.Split(1, 50), new Deployment.Split(2, 25), new Deployment.Split(3, 25))));
        assertMessage("percentage must be within 0..100, got 101", () -> new Deployment.Split(1, 101));
        assertMessage("version number must be >= 1, got 0", () -> new Deployment.Split(0, 100));
        assertMessage("two different versions, got 1 twice",
                () -> new Deployment(List.of(new Deployment.Split(1, 50), new Deployment.Split(1, 50))));
        assertEquals(List.of(new Deployment.Split(2, 30), new Deployment.Split(1, 70)),
                new Deployment(List.of(new Deployment.Split(2, 30), new Deployment.Split(1, 70))).versions(),
                "declared order is kept");
    }

    @Test
    void everyDeployedVersionMustBeInTheBundle() {
        assertMessage("acme/svc/production: deployed version 2 is missing from the bundle",
                () -> new EnvironmentSpec(REF, "h", new Deployment(List.of(new Deployment.Split(1, 50), new Deployment.Split(2, 50))),
                        List.of(version(1))));
        assertMessage("version 1 appears twice", () -> new EnvironmentSpec(REF, "h", Deployment.single(1), List.of(version(1), version(1))));
        EnvironmentSpec spec = new EnvironmentSpec(REF, "h", Deployment.single(1), List.of(version(3), version(1), version(2)));
        assertEquals(List.of(1, 2, 3), spec.versions().stream().map(VersionSpec::number).toList(), "versions sorted by number");
    }

    @Test
    void theMainModuleMustBeAmongTheModules() {
        assertMessage("main module 'index.js' is not among the modules",
                () -> new VersionSpec("id", 1, "index.js", map("other.js", "x"), null, null, null, null, "d"));
        assertMessage("main module 'index.js' is not among the modules",
                () -> new VersionSpec("id", 1, "index.js", null, null, null, null, null, "d"));
    }

    @Test
    void versionRulesHold() {
        assertMessage("version number must be >= 1", () -> new VersionSpec("id", 0, "a.js", map("a.js", "x"), null, null, null, null, "d"));
        java.util.TreeMap<String, String> withNull = new java.util.TreeMap<>();
        withNull.put("a.js", null);
        assertMessage("null key or value for 'a.js'", () -> new VersionSpec("id", 1, "a.js", withNull, null, null, null, null, "d"));
        assertMessage("'TOKEN' is both a var and a secret", () -> new VersionSpec("id", 1, "a.js", map("a.js", "x"),
                map("TOKEN", "v"), new java.util.TreeMap<>(Map.of("TOKEN", Fixtures.SEALED)), null, null, "d"));
        assertMessage("binding name 'AUTH' is already used", () -> new VersionSpec("id", 1, "a.js", map("a.js", "x"),
                null, null, List.of(new Binding.Service("AUTH", "auth", "production"), new Binding.Kv("AUTH", "kv", "kv1")), null, "d"));
        VersionSpec defaults = new VersionSpec("id", 1, "a.js", map("a.js", "x"), null, null, null, null, "d");
        assertEquals(Limits.defaults(), defaults.limits());
        assertTrue(defaults.vars().isEmpty() && defaults.secrets().isEmpty() && defaults.bindings().isEmpty());
        Binding.Service following = new Binding.Service("AUTH", "auth", null);
        assertTrue(following.follows());
        assertEquals(new Binding.Service("AUTH", "auth", "staging"), following.resolvedTo("staging"));
        assertMessage("follows: a bundle carries it resolved", () -> new VersionSpec("id", 1, "a.js", map("a.js", "x"),
                null, null, List.of(following), null, "d"));
        assertMessage("version must be 1 or more", () -> new Binding.Service("AUTH", "auth", null, 0, null));
        assertMessage("cpuMs must be positive", () -> new Limits(0));
    }

    @Test
    void aBundleContainsItsRootOnceAndSortsEnvironmentsByKey() {
        EnvironmentRef other = new EnvironmentRef("acme", "aaa", "production");
        EnvironmentSpec root = new EnvironmentSpec(REF, "h", Deployment.single(1), List.of(version(1)));
        EnvironmentSpec dependency = new EnvironmentSpec(other, "h2", Deployment.single(1), List.of(version(1)));
        assertMessage("does not contain its root environment", () -> new Bundle(Bundle.FORMAT, REF, List.of(dependency)));
        assertMessage("contains environment acme/svc/production twice", () -> new Bundle(Bundle.FORMAT, REF, List.of(root, dependency, root)));
        Bundle bundle = new Bundle(Bundle.FORMAT, REF, List.of(root, dependency));
        assertEquals(List.of(other, REF), bundle.environments().stream().map(EnvironmentSpec::ref).toList());
        assertEquals(root, bundle.rootEnvironment());
    }

    @Test
    void environmentRefsParseAndRejectSlashes() {
        assertEquals(REF, EnvironmentRef.parse("acme/svc/production"));
        assertEquals("acme/svc/production", REF.key());
        assertMessage("expected account/service/environment, got 'a/b'", () -> EnvironmentRef.parse("a/b"));
        assertMessage("expected account/service/environment", () -> EnvironmentRef.parse("a/b/c/d"));
    }

    private static VersionSpec version(int number) {
        return new VersionSpec("v" + number, number, "a.js", map("a.js", "x"), null, null, null, null, "d" + number);
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
