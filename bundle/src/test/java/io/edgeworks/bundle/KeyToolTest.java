package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyToolTest {
    @TempDir
    Path dir;

    @Test
    void generatesAUsableKeySetWithPrivateFilesOwnerOnly() throws Exception {
        Path keys = dir.resolve("keys");
        Run run = run("generate", keys.toString());
        assertEquals(0, run.status, run.err);
        String keyId = Files.readString(keys.resolve("signing-key.id"));
        assertEquals(keyId + System.lineSeparator(), run.out);
        assertEquals("rw-------", perms(keys.resolve("signing-key.pk8.b64")));
        assertEquals("rw-------", perms(keys.resolve("secret-key.b64")));
        assertFalse(Files.readString(keys.resolve("signing-key.pub.b64")).endsWith("\n"), "no trailing newline");

        var publicKey = Ed25519Keys.publicKeyFromBase64(Files.readString(keys.resolve("signing-key.pub.b64")));
        var privateKey = Ed25519Keys.privateKeyFromBase64(Files.readString(keys.resolve("signing-key.pk8.b64")));
        assertEquals(Ed25519Keys.keyId(publicKey), keyId);
        SignedBundle signed = new BundleSigner(keyId, privateKey).sign(Fixtures.representativeBundle());
        assertEquals(Fixtures.representativeBundle(), new BundleVerifier(Map.of(keyId, publicKey)).verify(signed.toBytes()));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(keys.resolve("secret-key.b64"))).length);
        SecretSealer sealer = SecretSealer.fromBase64(Files.readString(keys.resolve("secret-key.b64")));
        assertEquals("v", sealer.open(sealer.seal("v", "a"), "a"));
    }

    @Test
    void keepsACompleteExistingSetAndRefusesAPartialOne() throws Exception {
        Run first = run("generate", dir.toString());
        String privateKey = Files.readString(dir.resolve("signing-key.pk8.b64"));
        Run second = run("generate", dir.toString());
        assertEquals(0, second.status);
        assertEquals(first.out, second.out, "prints the same key id");
        assertEquals(privateKey, Files.readString(dir.resolve("signing-key.pk8.b64")), "never overwrites");
        assertTrue(second.err.contains("already present"), second.err);

        Files.delete(dir.resolve("secret-key.b64"));
        Run partial = run("generate", dir.toString());
        assertEquals(1, partial.status);
        assertTrue(partial.err.contains("refusing to overwrite"), partial.err);
        assertEquals(privateKey, Files.readString(dir.resolve("signing-key.pk8.b64")));
    }

    @Test
    void printsUsageForBadArguments() {
        Run run = run("frobnicate");
        assertEquals(2, run.status);
        assertTrue(run.err.contains("usage: KeyTool generate <dir>"), run.err);
    }

    /** up.sh runs KeyTool from the bundle jar alone: it must not need Jackson or anything but the JDK. */
    @Test
    void runsWithOnlyTheBundleClassesOnTheClassPath() throws Exception {
        Path classes = Path.of(KeyTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", classes.toString(),
                KeyTool.class.getName(), "generate", dir.resolve("alone").toString())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "KeyTool finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertEquals(Files.readString(dir.resolve("alone/signing-key.id")), output.strip());
    }

    private static String perms(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeyTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
