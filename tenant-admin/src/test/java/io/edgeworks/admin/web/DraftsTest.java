package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.Binding;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DraftsTest {
    @Test
    void varChangesAreAMergePatch() {
        Map<String, String> expected = new HashMap<>();
        expected.put("A", "2");
        expected.put("C", "3");
        expected.put("B", null);
        assertEquals(expected, Drafts.varChanges(Map.of("A", "1", "B", "x", "D", "same"),
                List.of(new Drafts.Var("A", "2"), new Drafts.Var("", "ignored"), new Drafts.Var("C", "3"),
                        new Drafts.Var("D", "same"))));
        assertTrue(Drafts.varChanges(Map.of("A", "1"), List.of(new Drafts.Var("A", "1"))).isEmpty());
    }

    @Test
    void codeDraftDropsEmptySlotsAndKeepsAnnotations() {
        Drafts.Code code = Drafts.Code.typed("worker.js", List.of("worker.js", "", "lib.js"),
                List.of("a\r\nb", "", "  "), "msg", "", "abc", true);
        NewVersion request = code.toRequest();
        assertEquals(Map.of("worker.js", "a\nb"), request.modules());
        assertEquals("msg", request.annotations().message());
        assertNull(request.annotations().tag());
        assertEquals("abc", request.annotations().commit());
        assertNull(request.vars(), "vars carry over from the latest version");
    }

    @Test
    void bindingRowsBecomeBindingsAndEmptyNamesRemoveThem() {
        List<Binding> bindings = Drafts.toBindings(Drafts.typedBindings(List.of("service", "kv", "service"),
                List.of("AUTH", "CACHE", ""), List.of("auth", "", "x"), List.of("", "", ""), List.of("", "cache", "")));
        assertEquals(List.of(new Binding("service", "AUTH", "auth", "production", null),
                new Binding("kv", "CACHE", null, null, "cache")), bindings);
    }
}
