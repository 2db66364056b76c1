package io.edgeworks.api.deployment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One version of a deployment and the share of traffic it gets. */
public record Split(@Schema(example = "3") Integer number, @Schema(example = "100") Integer percentage) {
}
