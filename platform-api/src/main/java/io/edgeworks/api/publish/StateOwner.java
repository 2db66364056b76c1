package io.edgeworks.api.publish;

/**
 * This database's claim on the published state: {@code id} is written to Redis as the epoch key
 * ({@link io.edgeworks.bundle.RedisLayout#EPOCH}), {@code floor} is the highest sequence ever published
 * (table {@code publish_state}).
 */
record StateOwner(String id, long floor) {
}
