package io.edgeworks.api.security;

import io.edgeworks.api.security.TokenScopes.Need;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenScopesTest {
    private static final String T = "API token 't'";

    @Test
    void parsesNormalisesAndRefusesUnknownScopes() {
        assertEquals(List.of("deploy:preview-*", "read"), TokenScopes.parse(List.of("read", " Deploy:preview-* ", "read")).values());
        assertEquals(TokenScopes.parse(List.of("read", "tail")), TokenScopes.stored("read tail"));
        for (List<String> bad : List.of(List.<String>of(), List.of("write"), List.of("deploy:"), List.of("deploy:Prod_1"), List.of("deploy:a b"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenScopes.parse(bad), bad.toString());
            assertTrue(e.getMessage().contains("read") || e.getMessage().contains("required"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TokenScopes.parse(null));
    }

    @Test
    void readAllowsReadsOnly() {
        TokenScopes read = TokenScopes.parse(List.of("read"));
        assertNull(read.denial(T, Need.READ, null));
        assertTrue(read.denial(T, Need.DEPLOY, "production").contains("needs scope 'deploy'"));
        assertTrue(read.denial(T, Need.ADMIN, null).contains("needs scope 'admin'"));
        assertTrue(read.denial(T, Need.TAIL, null).contains("'tail'"));
        assertEquals(Role.VIEWER, read.cap(Role.OWNER));
    }

    @Test
    void deployAllowsReadsAndDeveloperWritesAnywhere() {
        TokenScopes deploy = TokenScopes.parse(List.of("deploy"));
        assertNull(deploy.denial(T, Need.READ, null));
        assertNull(deploy.denial(T, Need.DEPLOY, null));
        assertNull(deploy.denial(T, Need.DEPLOY, "production"));
        assertTrue(deploy.denial(T, Need.ADMIN, null).contains("admin"));
        assertEquals(Role.DEVELOPER, deploy.cap(Role.OWNER));
        assertEquals(Role.VIEWER, deploy.cap(Role.VIEWER), "never more than the creator");
    }

    @Test
    void environmentGlobsRestrictDeployToMatchingEnvironments() {
        TokenScopes preview = TokenScopes.parse(List.of("deploy:preview-*", "deploy:staging"));
        assertNull(preview.denial(T, Need.READ, null));
        assertNull(preview.denial(T, Need.DEPLOY, "preview-42"));
        assertNull(preview.denial(T, Need.DEPLOY, "staging"));
        String production = preview.denial(T, Need.DEPLOY, "production");
        assertTrue(production.contains("'preview-*'") && production.contains("'deploy:preview-*'") && production.contains("'production' does not match"),
                production);
        assertTrue(preview.denial(T, Need.DEPLOY, "staging-2").contains("does not match"));
        assertTrue(preview.denial(T, Need.DEPLOY, "xpreview-1").contains("does not match"), "globs match whole names");
        assertTrue(preview.denial(T, Need.DEPLOY, null).contains("changes no single environment"));
    }

    @Test
    void tailAllowsTailsOnlyAndAdminEverything() {
        TokenScopes tail = TokenScopes.parse(List.of("tail"));
        assertNull(tail.denial(T, Need.TAIL, null));
        assertTrue(tail.denial(T, Need.READ, null).contains("needs scope 'read'"));
        TokenScopes admin = TokenScopes.parse(List.of("admin"));
        for (Need need : Need.values()) {
            assertNull(admin.denial(T, need, "production"));
        }
        assertEquals(Role.ADMIN, admin.cap(Role.ADMIN));
        assertEquals(Role.OWNER, admin.cap(Role.OWNER));
    }
}
