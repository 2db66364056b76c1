/** Follows the published state in Redis (RedisLayout): full MULTI/EXEC loads, notices, resync on gaps, signature verification. */
package io.edgeworks.edge.sync;
