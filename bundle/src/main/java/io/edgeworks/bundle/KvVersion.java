package io.edgeworks.bundle;

/**
 * The version of a KV write: the id Redis gave its entry in {@link RedisLayout#KV_WRITES} ({@code <ms>-<seq>}, the
 * primary's clock in milliseconds and a sequence within that millisecond). Ids only grow within a stream, so versions
 * order the writes exactly as Redis applied them; platform-api keeps, per key, the write with the highest version
 * (last writer wins), which makes a replayed or reordered write harmless. After Redis lost its data, the restore moves
 * the new stream's last id past the highest version PostgreSQL holds ({@code XSETID}), so versions keep growing.
 */
public record KvVersion(long millis, long sequence) implements Comparable<KvVersion> {

    public KvVersion {
        if (millis < 0 || sequence < 0) {
            throw new IllegalArgumentException("KV version parts must not be negative: " + millis + "-" + sequence);
        }
    }

    /** Parses a stream entry id {@code <ms>-<seq>}. */
    public static KvVersion parse(String id) {
        if (id == null) {
            throw new BundleFormatException("KV version missing");
        }
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            throw new BundleFormatException("KV version '" + id + "' is not <ms>-<seq>");
        }
        try {
            return new KvVersion(Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10));
        } catch (IllegalArgumentException e) { // not a number, or negative
            throw new BundleFormatException("KV version '" + id + "' is not <ms>-<seq>", e);
        }
    }

    @Override
    public int compareTo(KvVersion other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    /** The stream entry id form, {@code <ms>-<seq>}. */
    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
