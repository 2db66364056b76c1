package io.edgeworks.api.publish;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The relay's DEBUG figures: each step's time since the previous one, in the order recorded. */
class LapsTest {

    @Test
    void stepsAreReportedInOrderWithTheirDurations() throws Exception {
        OutboxRelay.Laps laps = new OutboxRelay.Laps(12.5);
        laps.lap("lock");
        Thread.sleep(20);
        laps.lap("read");
        String line = laps.toString();
        assertTrue(line.matches("row written 12\\.5 ms before the claim; ms: lock \\d+\\.\\d, read (\\d+)\\.\\d"), line);
        double read = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(read >= 19.0, "the read step took the 20 ms slept: " + line);
    }
}
