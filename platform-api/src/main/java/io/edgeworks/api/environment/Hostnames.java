package io.edgeworks.api.environment;

import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Generated hostnames: {@code <service>.<account>.<base-domain>} for production and
 * {@code <environment>-<service>.<account>.<base-domain>} for every other environment (one label left of the
 * account, so one wildcard certificate per account covers all).
 */
@ApplicationScoped
public class Hostnames {
    private final String baseDomain;

    public Hostnames(PlatformConfig config) {
        this.baseDomain = config.baseDomain().toLowerCase(Locale.ROOT);
    }

    public String baseDomain() {
        return baseDomain;
    }

    /** The hostname, or 400 on {@code field} when the combined label would not be a valid DNS label. */
    public String of(String account, String service, String environment, String field) {
        String label = EnvironmentEntity.PRODUCTION.equals(environment) ? service : environment + "-" + service;
        if (!Names.LABEL.matcher(label).matches()) {
            throw ProblemException.invalid(field, "the hostname label '" + label + "' would be " + label.length()
                    + " characters; environment name and service name together must stay within 62 characters");
        }
        return label + "." + account + "." + baseDomain;
    }
}
