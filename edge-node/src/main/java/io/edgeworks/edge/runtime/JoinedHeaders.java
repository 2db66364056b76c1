package io.edgeworks.edge.runtime;

import java.util.AbstractList;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A header list as it crossed from a realm: the prelude's joined {@code name\nvalue\nname\nvalue} string, split
 * into entries only when something on the host reads them. A request a worker forwards through a service binding,
 * and a callee's response going back to its caller, cross into the next realm in the same joined form
 * ({@link #joined()}) without being split and joined again in between; the host's checks read the joined string
 * directly ({@link #clean}). Immutable, like the {@code List.copyOf} lists {@link EdgeRequest} and
 * {@link EdgeResponse} otherwise hold.
 */
final class JoinedHeaders extends AbstractList<Map.Entry<String, String>> implements RandomAccess {
    private final String joined;
    private volatile Map.Entry<String, String>[] entries;

    JoinedHeaders(String joined) {
        this.joined = joined;
    }

    /**
     * The list joined as the prelude takes it ({@link HostBridge.Wire#joinHeaders} of its entries), or null when
     * the string it came as is not that (then join the entries): it is unless it holds an even number of line
     * feeds ("" aside), which leaves a name without its value.
     */
    String joined() {
        int feeds = 0;
        for (int i = joined.indexOf('\n'); i >= 0; i = joined.indexOf('\n', i + 1)) {
            feeds++;
        }
        return joined.isEmpty() || feeds % 2 == 1 ? joined : null;
    }

    /**
     * Whether every name passes {@code name} and every value passes {@code value}, read from the joined string
     * without splitting it; false also when the string is not a plain list of pairs (then split and look).
     */
    boolean clean(CharRule name, CharRule value) {
        boolean inName = true;
        int segmentStart = 0;
        for (int i = 0, n = joined.length(); i < n; i++) {
            char c = joined.charAt(i);
            if (c == '\n') {
                if (inName && i == segmentStart) {
                    return false; // an empty name
                }
                inName = !inName;
                segmentStart = i + 1;
            } else if (!(inName ? name.allows(c) : value.allows(c))) {
                return false;
            }
        }
        return joined.isEmpty() || !inName; // else the last name has no value: not a plain list of pairs
    }

    /** One character's rule for {@link #clean}. */
    @FunctionalInterface
    interface CharRule {
        boolean allows(char c);
    }

    @Override
    public Map.Entry<String, String> get(int index) {
        return split()[index];
    }

    @Override
    public int size() {
        return split().length;
    }

    @SuppressWarnings("unchecked")
    private Map.Entry<String, String>[] split() {
        Map.Entry<String, String>[] e = entries;
        if (e == null) {
            e = HostBridge.Wire.splitHeaders(joined).toArray(new Map.Entry[0]);
            entries = e; // a benign race: every thread computes the same entries
        }
        return e;
    }
}
