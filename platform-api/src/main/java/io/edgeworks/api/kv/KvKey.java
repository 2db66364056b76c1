package io.edgeworks.api.kv;

/** One key of a namespace listing. */
public record KvKey(String name) {
}
