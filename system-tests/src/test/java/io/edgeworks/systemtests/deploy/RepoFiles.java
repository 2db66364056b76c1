package io.edgeworks.systemtests.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the deploy checks read (tests run in the module folder or the repository root). */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("repository root (with deploy/k8s and mvnw) not found above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
