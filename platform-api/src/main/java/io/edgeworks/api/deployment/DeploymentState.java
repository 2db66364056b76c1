package io.edgeworks.api.deployment;

import java.util.List;

/** What an environment serves now: one version at 100, or two splitting the traffic. */
public record DeploymentState(List<Split> versions) {
}
