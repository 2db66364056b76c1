package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.Binding;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The limits and name rules a version's vars, secrets, bindings, limits and annotations must satisfy. */
@ApplicationScoped
public class ContentRules {
    private static final int MAX_MESSAGE = 1000;
    private static final int MAX_TAG = 100;

    private final PlatformConfig config;

    public ContentRules(PlatformConfig config) {
        this.config = config;
    }

    /** Var names and values as sent; {@code allowNull} for PATCH, where null deletes. */
    public void checkVars(FieldErrors errors, Map<String, String> vars, boolean allowNull) {
        for (Map.Entry<String, String> var : vars.entrySet()) {
            String field = "vars." + var.getKey();
            if (!Names.isIdentifier(var.getKey())) {
                errors.add(field, "var name '" + var.getKey() + "' " + Names.IDENTIFIER_RULE);
            }
            if (var.getValue() == null) {
                if (!allowNull) {
                    errors.add(field, "value is required (a string)");
                }
            } else {
                int bytes = var.getValue().getBytes(StandardCharsets.UTF_8).length;
                if (bytes > config.limits().varValueBytes()) {
                    errors.add(field, "value has " + bytes + " bytes, more than the limit of " + config.limits().varValueBytes());
                }
            }
        }
    }

    public void checkLimits(FieldErrors errors, CreateVersion.LimitsBody limits) {
        if (limits != null && limits.cpuMs() != null) {
            int max = config.limits().maxCpuMs();
            if (limits.cpuMs() < 1 || limits.cpuMs() > max) {
                errors.add("limits.cpu_ms", "must be between 1 and " + max + " (the platform's maximum), got " + limits.cpuMs());
            }
        }
    }

    public void checkAnnotations(FieldErrors errors, Annotations annotations) {
        if (annotations == null) {
            return;
        }
        if (annotations.message() != null && annotations.message().length() > MAX_MESSAGE) {
            errors.add("annotations.message", "must be at most " + MAX_MESSAGE + " characters");
        }
        if (annotations.tag() != null && annotations.tag().length() > MAX_TAG) {
            errors.add("annotations.tag", "must be at most " + MAX_TAG + " characters");
        }
        if (annotations.commit() != null && annotations.commit().length() > MAX_TAG) {
            errors.add("annotations.commit", "must be at most " + MAX_TAG + " characters");
        }
    }

    public void checkSecretValue(String name, String value) {
        FieldErrors errors = new FieldErrors();
        if (!Names.isIdentifier(name)) {
            errors.add("name", "secret name '" + name + "' " + Names.IDENTIFIER_RULE);
        }
        if (value == null) {
            errors.add("value", "is required (a string)");
        } else if (value.getBytes(StandardCharsets.UTF_8).length > config.limits().secretValueBytes()) {
            errors.add("value", "must be at most " + config.limits().secretValueBytes() + " bytes");
        }
        errors.throwIfAny();
    }

    /** Counts and the rule that vars, secrets and bindings share one namespace ({@code env}). */
    public void checkContent(VersionContent content) {
        FieldErrors errors = new FieldErrors();
        if (content.vars().size() > config.limits().vars()) {
            errors.add("vars", "at most " + config.limits().vars() + " vars, got " + content.vars().size());
        }
        if (content.secrets().size() > config.limits().secrets()) {
            errors.add("secrets", "at most " + config.limits().secrets() + " secrets, got " + content.secrets().size());
        }
        Map<String, String> owners = new HashMap<>();
        content.vars().keySet().forEach(name -> owners.put(name, "var"));
        for (String name : content.secrets().keySet()) {
            String other = owners.putIfAbsent(name, "secret");
            if (other != null) {
                errors.add("secrets." + name, "'" + name + "' is both a " + other + " and a secret; env names must be unique");
            }
        }
        for (Binding binding : content.bindings()) {
            String other = owners.putIfAbsent(binding.name(), "binding");
            if (other != null) {
                errors.add("bindings", "'" + binding.name() + "' is both a " + other + " and a binding; env names must be unique");
            }
        }
        errors.throwIfAny();
    }

    public int defaultCpuMs() {
        return config.limits().defaultCpuMs();
    }

    static ProblemException noVersionYet(String environment) {
        return ProblemException.conflict("environment '" + environment + "' has no version yet; create one with POST …/versions (with modules) first");
    }
}
