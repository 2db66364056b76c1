package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The graph's sharded tables: the same answers as a HashMap under any sequence of changes, and immutable. */
class ShardedMapTest {

    @Test
    void anySequenceOfChangesGivesWhatAHashMapGives() {
        Random random = new Random(42);
        Map<String, Integer> model = new HashMap<>();
        ShardedMap<String, Integer> map = ShardedMap.copyOf(Map.of());
        for (int step = 0; step < 300; step++) {
            List<String> removed = new ArrayList<>();
            Map<String, Integer> added = new HashMap<>();
            for (int i = random.nextInt(40); i > 0; i--) {
                removed.add("k" + random.nextInt(2_000));
            }
            for (int i = random.nextInt(60); i > 0; i--) {
                added.put("k" + random.nextInt(2_000), random.nextInt());
            }
            ShardedMap<String, Integer> before = map;
            Map<String, Integer> modelBefore = Map.copyOf(model);
            map = map.with(removed, added);
            removed.forEach(model::remove);
            model.putAll(added);
            assertEquals(model, map, "step " + step);
            assertEquals(model.size(), map.size());
            assertEquals(model.size(), map.entrySet().stream().count(), "iteration visits each entry once");
            for (int i = 0; i < 50; i++) {
                String key = "k" + random.nextInt(2_000);
                assertEquals(model.get(key), map.get(key));
                assertEquals(model.containsKey(key), map.containsKey(key));
            }
            assertEquals(modelBefore, before, "the map it was made from is unchanged");
        }
    }

    @Test
    void aCopyOfAShardedMapIsTheMapAndNoChangeIsTheSameMap() {
        ShardedMap<String, Integer> map = ShardedMap.copyOf(Map.of("a", 1, "b", 2));
        assertSame(map, ShardedMap.copyOf(map));
        assertSame(map, map.with(List.of(), Map.of()));
        assertEquals(Map.of("a", 1, "b", 2), map);
        assertFalse(map.containsKey(null));
        assertEquals(null, map.get(null));
    }

    @Test
    void itRefusesChangesAndNulls() {
        ShardedMap<String, Integer> map = ShardedMap.copyOf(Map.of("a", 1));
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", 2));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("a"));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue(3));
        Map<String, Integer> withNull = new HashMap<>();
        withNull.put("b", null);
        assertThrows(NullPointerException.class, () -> map.with(List.of(), withNull));
        assertTrue(map.containsKey("a"));
    }
}
