package io.edgeworks.api.deployment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One entry of an environment's deployment history; {@code sequence} is the cursor for {@code ?before=}. */
public record DeploymentView(UUID id, long sequence, List<Split> versions, String message, String author, Instant createdAt) {
}
