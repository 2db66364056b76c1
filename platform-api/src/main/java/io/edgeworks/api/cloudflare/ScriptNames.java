package io.edgeworks.api.cloudflare;

import io.edgeworks.api.common.Names;
import io.edgeworks.api.environment.EnvironmentEntity;

import java.util.ArrayList;
import java.util.List;

/**
 * How a Cloudflare script name maps onto a service and an environment (README "Deploy with wrangler"):
 * <ul>
 *   <li>a script already placed (table {@code cf_scripts}) keeps its place;</li>
 *   <li>otherwise a service named exactly like the script is its production ({@code hello}, and a plain
 *       {@code auth-worker} too);</li>
 *   <li>otherwise {@code <service>-<env>} is environment {@code <env>} of {@code <service>} when that environment exists,
 *       or, on the first upload, when {@code <service>} is <em>grouped</em>: its production script carries the tag
 *       {@code cf:service=<service>}, which wrangler sends only from a config with {@code [env.*]} sections. The longest
 *       service name wins ({@code a-b-c}: service {@code a-b} before {@code a});</li>
 *   <li>otherwise the script is the production environment of a new service of its name.</li>
 * </ul>
 * wrangler sends the tags {@code cf:service}/{@code cf:environment} only after the first upload (PATCH
 * {@code …/script-settings}); they are stored and checked against the place (a disagreement is reported).
 */
public final class ScriptNames {
    public static final String SERVICE_TAG = "cf:service=";
    public static final String ENVIRONMENT_TAG = "cf:environment=";

    private ScriptNames() {
    }

    /** A service and one of its environments. */
    public record Place(String service, String environment) {
        public boolean production() {
            return EnvironmentEntity.PRODUCTION.equals(environment);
        }
    }

    /** 400 (envelope) unless {@code script} can name a service: a DNS label (lowercase letters, digits, '-'). */
    public static String check(String script) {
        if (script == null || !Names.LABEL.matcher(script).matches()) {
            throw CfException.invalid("script name '" + script + "' " + Names.LABEL_RULE
                    + " on Edgeworks (a script name becomes a service name, or <service>-<environment>)");
        }
        return script;
    }

    /** The script as the production of a service of the same name. */
    public static Place production(String script) {
        return new Place(script, EnvironmentEntity.PRODUCTION);
    }

    /** Every reading of {@code script} as {@code <service>-<environment>}, the longest service name first. */
    public static List<Place> splits(String script) {
        List<Place> places = new ArrayList<>();
        for (int i = script.length() - 1; i > 0; i--) {
            if (script.charAt(i) == '-') {
                String service = script.substring(0, i);
                String environment = script.substring(i + 1);
                if (Names.LABEL.matcher(service).matches() && Names.LABEL.matcher(environment).matches()
                        && !EnvironmentEntity.PRODUCTION.equals(environment)) {
                    places.add(new Place(service, environment));
                }
            }
        }
        return places;
    }

    /** The script name Cloudflare clients see for an environment: the service for production, else {@code <service>-<env>}. */
    public static String scriptOf(String service, String environment) {
        return EnvironmentEntity.PRODUCTION.equals(environment) ? service : service + "-" + environment;
    }

    /** The place the tags name ({@code cf:service} with {@code cf:environment}, default production), or null without {@code cf:service}. */
    public static Place fromTags(List<String> tags) {
        String service = null;
        String environment = EnvironmentEntity.PRODUCTION;
        for (String tag : tags) {
            if (tag.startsWith(SERVICE_TAG)) {
                service = tag.substring(SERVICE_TAG.length());
            } else if (tag.startsWith(ENVIRONMENT_TAG)) {
                environment = tag.substring(ENVIRONMENT_TAG.length());
            }
        }
        return service == null ? null : new Place(service, environment);
    }
}
