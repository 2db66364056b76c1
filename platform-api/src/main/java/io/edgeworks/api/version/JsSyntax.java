package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses ES modules with GraalJS without running them ({@code Context.parse}), so a syntax error is refused
 * at upload naming module, line and column. The context has no host access and never evaluates code.
 */
@ApplicationScoped
public class JsSyntax {
    private static final String MODULE_MIME = "application/javascript+module";
    private Engine engine;

    @PostConstruct
    void start() {
        engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    }

    @PreDestroy
    void stop() {
        engine.close();
    }

    /** One error per module that does not parse, on field {@code modules.<path>}, with its 1-based line and column. */
    public List<FieldError> check(Map<String, String> modules) {
        List<FieldError> errors = new ArrayList<>();
        try (Context context = Context.newBuilder("js").engine(engine).allowAllAccess(false).build()) {
            for (Map.Entry<String, String> module : modules.entrySet()) {
                Source source = Source.newBuilder("js", module.getValue(), module.getKey()).mimeType(MODULE_MIME).buildLiteral();
                try {
                    context.parse(source);
                } catch (PolyglotException e) {
                    if (!e.isSyntaxError()) {
                        throw e;
                    }
                    SourceSection at = e.getSourceLocation();
                    errors.add(new FieldError("modules." + module.getKey(), describe(module.getKey(), e),
                            at == null ? null : at.getStartLine(), at == null ? null : at.getStartColumn()));
                }
            }
        }
        return errors;
    }

    private static String describe(String path, PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        String where = at == null ? "" : " at line " + at.getStartLine() + ", column " + at.getStartColumn();
        return "syntax error in module '" + path + "'" + where + ": " + e.getMessage();
    }
}
