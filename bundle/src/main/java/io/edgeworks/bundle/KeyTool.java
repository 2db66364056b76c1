package io.edgeworks.bundle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Generates the platform's key material. Depends on the JDK only, so it runs from the bundle jar alone:
 * {@code java -cp bundle-0.1.0-SNAPSHOT.jar io.edgeworks.bundle.KeyTool generate <dir>}.
 *
 * <p>{@code generate <dir>} writes, without trailing newlines:
 * <ul>
 *   <li>{@value #SIGNING_KEY}: Ed25519 private key, base64 PKCS#8 DER (mode 0600; platform-api only)</li>
 *   <li>{@value #SIGNING_PUBLIC_KEY}: the matching public key, base64 X.509 DER (edge nodes)</li>
 *   <li>{@value #SIGNING_KEY_ID}: the key id, {@link Ed25519Keys#keyId}</li>
 *   <li>{@value #SECRET_KEY}: 32 random bytes, base64, the {@link SecretSealer} key (mode 0600)</li>
 * </ul>
 * and prints the key id on stdout. If all four files already exist it keeps them and prints their key
 * id (so start scripts can run it every time); if only some exist it refuses and exits with status 1.
 */
public final class KeyTool {
    public static final String SIGNING_KEY = "signing-key.pk8.b64";
    public static final String SIGNING_PUBLIC_KEY = "signing-key.pub.b64";
    public static final String SIGNING_KEY_ID = "signing-key.id";
    public static final String SECRET_KEY = "secret-key.b64";
    private static final List<String> FILES = List.of(SIGNING_KEY, SIGNING_PUBLIC_KEY, SIGNING_KEY_ID, SECRET_KEY);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !"generate".equals(args[0])) {
            err.println("usage: KeyTool generate <dir>");
            return 2;
        }
        try {
            out.println(generate(Path.of(args[1]), err));
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println("KeyTool: " + e.getMessage());
            return 1;
        }
    }

    /** Generates the key files in {@code dir} (or keeps a complete existing set); returns the key id. */
    public static String generate(Path dir, PrintStream err) throws IOException {
        Files.createDirectories(dir);
        List<String> present = FILES.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
        if (present.size() == FILES.size()) {
            String keyId = Files.readString(dir.resolve(SIGNING_KEY_ID), StandardCharsets.UTF_8).strip();
            err.println("KeyTool: keys already present in " + dir + ", kept (key id " + keyId + ")");
            return keyId;
        }
        if (!present.isEmpty()) {
            throw new IllegalStateException("refusing to overwrite: " + dir + " already holds " + present
                    + " but not all of " + FILES + "; move them away or complete the set");
        }
        KeyPair pair = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(pair.getPublic());
        byte[] secret = new byte[SecretSealer.KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        write(dir.resolve(SIGNING_KEY), Ed25519Keys.toBase64(pair.getPrivate()), true);
        write(dir.resolve(SECRET_KEY), Base64.getEncoder().encodeToString(secret), true);
        write(dir.resolve(SIGNING_PUBLIC_KEY), Ed25519Keys.toBase64(pair.getPublic()), false);
        write(dir.resolve(SIGNING_KEY_ID), keyId, false);
        return keyId;
    }

    private static void write(Path file, String content, boolean secret) throws IOException {
        try {
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // created with 0600 from the start: never readable by others, not even briefly
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("refusing to overwrite " + file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY); // umask cannot widen it, but be explicit
        }
    }
}
