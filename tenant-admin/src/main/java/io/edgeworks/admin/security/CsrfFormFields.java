package io.edgeworks.admin.security;

import io.quarkus.qute.EngineConfiguration;
import io.quarkus.qute.ParserHelper;
import io.quarkus.qute.ParserHook;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code <form method="post">} of every template carries the CSRF token: this parser hook inserts the
 * hidden field right after the form's opening tag when the template is parsed (at build-time validation and at
 * run time alike), so no page can forget it and the templates stay free of it. The field's name and the token
 * are quarkus-rest-csrf's ({@code csrf-token}, {@code {inject:csrf.token}}), which checks it against its cookie.
 */
@EngineConfiguration
public class CsrfFormFields implements ParserHook {
    static final String FIELD = "<input type=\"hidden\" name=\"csrf-token\" value=\"{inject:csrf.token}\">";
    private static final Pattern POST_FORM = Pattern.compile("<form\\b[^>]*\\bmethod=\"post\"[^>]*>", Pattern.CASE_INSENSITIVE);

    @Override
    public void beforeParsing(ParserHelper parser) {
        parser.addContentFilter(CsrfFormFields::withTokens);
    }

    static String withTokens(String template) {
        return POST_FORM.matcher(template).replaceAll(m -> Matcher.quoteReplacement(m.group() + FIELD));
    }
}
