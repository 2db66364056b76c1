package io.edgeworks.systemtests.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisEndpointTest {

    @Test
    void parsesTheFormsTheAppsAccept() {
        assertEquals(new RedisEndpoint("127.0.0.1", 6379, null, null, 0), RedisEndpoint.parse("redis://127.0.0.1:6379"));
        assertEquals(new RedisEndpoint("localhost", 6379, null, null, 0), RedisEndpoint.parse("redis://localhost"));
        assertEquals(new RedisEndpoint("10.0.0.5", 6380, null, "s3cret", 2), RedisEndpoint.parse("redis://:s3cret@10.0.0.5:6380/2"));
        assertEquals(new RedisEndpoint("h", 7000, "app", "pw", 0), RedisEndpoint.parse("redis://app:pw@h:7000"));
    }

    @Test
    void refusesWhatIsNotARedisUrlNamingTheProblem() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse("http://127.0.0.1:6379"));
        assertTrue(scheme.getMessage().contains("redis://"), scheme.getMessage());
        IllegalArgumentException db = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse("redis://h:1/zero"));
        assertTrue(db.getMessage().contains("database"), db.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse("redis://:6379"));
    }

    @Test
    void showsNoPassword() {
        assertEquals("redis://h:1/0", RedisEndpoint.parse("redis://:pw@h:1").toString());
    }
}
