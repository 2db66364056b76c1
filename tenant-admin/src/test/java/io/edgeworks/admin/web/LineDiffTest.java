package io.edgeworks.admin.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LineDiffTest {
    @Test
    void marksChangedLinesWithTheirNumbers() {
        List<LineDiff.Line> diff = LineDiff.between("a\nb\nc", "a\nB\nc\nd");
        assertEquals(List.of(
                new LineDiff.Line("same", 1, 1, "a"),
                new LineDiff.Line("del", 2, 0, "b"),
                new LineDiff.Line("add", 0, 2, "B"),
                new LineDiff.Line("same", 3, 3, "c"),
                new LineDiff.Line("add", 0, 4, "d")), diff);
    }

    @Test
    void identicalTextsHaveNoChange() {
        assertFalse(LineDiff.changed(LineDiff.between("x\ny", "x\ny")));
        assertEquals(List.of(new LineDiff.Line("add", 0, 1, "new")), LineDiff.between(null, "new"));
    }
}
