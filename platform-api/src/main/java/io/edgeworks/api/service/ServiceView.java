package io.edgeworks.api.service;

import io.edgeworks.api.environment.EnvironmentView;

import java.time.Instant;
import java.util.List;

/** A service with its environments (production first). */
public record ServiceView(String name, List<EnvironmentView> environments, Instant createdAt) {
}
