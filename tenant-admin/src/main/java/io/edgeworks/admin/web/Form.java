package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A submitted form that the API refused: which form it was, what the person typed (so nothing is lost) and
 * the API's problem, so each message can be shown next to the field it concerns.
 */
@TemplateData
public record Form(String id, Map<String, String> values, ApiException problem) {
    public static final Form NONE = new Form("", Map.of(), null);

    public static Form failed(String id, Map<String, String> values, ApiException problem) {
        return new Form(id, values, problem);
    }

    /** True for the form the person submitted. */
    public boolean is(String formId) {
        return id.equals(formId);
    }

    /** What the person typed into a field of this form, or the empty string. */
    public String value(String formId, String field) {
        return is(formId) ? values.getOrDefault(field, "") : "";
    }

    /** The value typed, or {@code fallback} when this form was not the one submitted. */
    public String valueOr(String formId, String field, Object fallback) {
        return is(formId) ? values.getOrDefault(field, "") : fallback == null ? "" : String.valueOf(fallback);
    }

    /** The API's message for a field of this form, or null. */
    public String error(String formId, String field) {
        return is(formId) && problem != null ? problem.errorFor(field).orElse(null) : null;
    }

    /** The API's field error (with line and column of a syntax error, when given) for a field of this form, or null. */
    public ApiException.FieldError fieldError(String formId, String field) {
        return is(formId) && problem != null ? problem.fieldError(field).orElse(null) : null;
    }

    /** The problem's detail when it concerns this form. */
    public String detail(String formId) {
        return is(formId) && problem != null ? problem.detail() : null;
    }

    /** Field errors of this form whose field the form has no input for ({@code known} lists those it has). */
    public List<String> otherErrors(String formId, String known) {
        List<String> out = new ArrayList<>();
        if (!is(formId) || problem == null) {
            return out;
        }
        List<String> fields = List.of(known.split(","));
        for (ApiException.FieldError e : problem.errors()) {
            String f = e.field() == null ? "" : e.field();
            boolean shown = fields.stream().anyMatch(k -> f.equals(k) || f.startsWith(k + ".") || f.startsWith(k + "["));
            if (!shown) {
                out.add((f.isEmpty() ? "" : f + ": ") + e.message());
            }
        }
        return out;
    }

    public int status() {
        return problem == null ? 200 : problem.status() >= 500 ? 502 : problem.status();
    }
}
