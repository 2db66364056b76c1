package io.edgeworks.edge.graph;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map kept in {@value #SHARDS} shards (each an immutable {@code Map.copyOf}), so that a map which differs from
 * another in a few keys ({@link #with}) shares every untouched shard with it: a deploy's notice changes one account, and
 * rebuilding the whole graph's tables for it cost O(every environment of the node) per notice (GraphScaleBench: 6 ms
 * of a 10 ms notice at 10,000 accounts). A lookup is one hash and one shard lookup. Null keys and values are refused,
 * as by {@code Map.copyOf}.
 */
final class ShardedMap<K, V> extends AbstractMap<K, V> {
    static final int SHARDS = 256;
    private static final ShardedMap<?, ?> EMPTY = new ShardedMap<>(emptyShards(), 0);

    private final Map<K, V>[] shards;
    private final int size;

    private ShardedMap(Map<K, V>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V>[] emptyShards() {
        Map<K, V>[] shards = new Map[SHARDS];
        java.util.Arrays.fill(shards, Map.of());
        return shards;
    }

    /** The map as a sharded one: itself when it is one already (it is immutable), else a copy. */
    @SuppressWarnings("unchecked")
    static <K, V> ShardedMap<K, V> copyOf(Map<? extends K, ? extends V> map) {
        if (map instanceof ShardedMap<?, ?> sharded) {
            return (ShardedMap<K, V>) sharded;
        }
        return ((ShardedMap<K, V>) EMPTY).with(java.util.List.of(), map);
    }

    private static int shard(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    /**
     * This map without the keys in {@code removed}, then with every entry of {@code added} (which replaces an entry of
     * the same key). Only the shards those keys fall in are copied.
     */
    ShardedMap<K, V> with(Collection<? extends K> removed, Map<? extends K, ? extends V> added) {
        if (removed.isEmpty() && added.isEmpty()) {
            return this;
        }
        Map<Integer, Map<K, V>> touched = new HashMap<>();
        for (K key : removed) {
            int i = shard(Objects.requireNonNull(key, "key"));
            touched.computeIfAbsent(i, s -> new HashMap<>(shards[s])).remove(key);
        }
        for (Map.Entry<? extends K, ? extends V> entry : added.entrySet()) {
            int i = shard(Objects.requireNonNull(entry.getKey(), "key"));
            touched.computeIfAbsent(i, s -> new HashMap<>(shards[s])).put(entry.getKey(), Objects.requireNonNull(entry.getValue(), "value"));
        }
        Map<K, V>[] next = shards.clone();
        int nextSize = size;
        for (Map.Entry<Integer, Map<K, V>> shard : touched.entrySet()) {
            nextSize += shard.getValue().size() - shards[shard.getKey()].size();
            next[shard.getKey()] = Map.copyOf(shard.getValue());
        }
        return new ShardedMap<>(next, nextSize);
    }

    @Override
    public V get(Object key) {
        return key == null ? null : shards[shard(key)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && shards[shard(key)].containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private Iterator<Entry<K, V>> current = java.util.Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && next < SHARDS) {
                            current = shards[next++].entrySet().iterator();
                        }
                        return current.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    // read-only: AbstractMap's put throws UnsupportedOperationException; these would otherwise go through the iterator
    @Override
    public V remove(Object key) {
        throw new UnsupportedOperationException("immutable");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("immutable");
    }
}
