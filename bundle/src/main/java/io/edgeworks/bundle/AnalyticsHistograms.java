package io.edgeworks.bundle;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * The CPU and wall time histograms of {@link AnalyticsCell}: HdrHistograms of microseconds with
 * {@link #SIGNIFICANT_DIGITS} significant digits (a percentile is off by at most 1 %), values clamped to
 * {@link #MAX_MICROS}. On the wire: HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}),
 * base64. Histograms are merged by adding them ({@link Histogram#add}), so a percentile over any set of nodes
 * and minutes is exact to the histogram's precision, unlike an average of per-node percentiles.
 */
public final class AnalyticsHistograms {
    /** Significant decimal digits kept per value. */
    public static final int SIGNIFICANT_DIGITS = 2;
    /** Largest value recorded (one hour in microseconds); longer times count as this. */
    public static final long MAX_MICROS = 3_600_000_000L;
    /** Longest encoded histogram accepted (base64 characters): bounds what a decoder inflates. */
    public static final int MAX_ENCODED_CHARS = 64 * 1024;

    private AnalyticsHistograms() {
    }

    /** An empty auto-resizing histogram of this format (it grows only as far as the largest value recorded). */
    public static Histogram empty() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /** Nanoseconds to the recorded unit, clamped to {@code [0, MAX_MICROS]}. */
    public static long micros(long nanos) {
        return Math.min(Math.max(nanos / 1000, 0), MAX_MICROS);
    }

    /** The wire form of a histogram: {@link #bytes} in base64. */
    public static String encode(AbstractHistogram histogram) {
        return Base64.getEncoder().encodeToString(bytes(histogram));
    }

    /** HdrHistogram's compressed encoding of a histogram (what platform-api stores). */
    public static byte[] bytes(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, 9);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    /** @throws BundleFormatException when it is not an encoded histogram of this format */
    public static Histogram decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new BundleFormatException("histogram is missing");
        }
        if (encoded.length() > MAX_ENCODED_CHARS) {
            throw new BundleFormatException("histogram longer than " + MAX_ENCODED_CHARS + " characters");
        }
        try {
            return decode(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    /** The histogram of {@link #bytes}. @throws BundleFormatException when it is not one of this format */
    public static Histogram decode(byte[] bytes) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            if (h.getMaxValue() > MAX_MICROS + MAX_MICROS / 50) {
                throw new BundleFormatException("histogram holds values above " + MAX_MICROS + " µs");
            }
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | IllegalArgumentException | IndexOutOfBoundsException
                 | java.nio.BufferUnderflowException e) {
            throw new BundleFormatException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
