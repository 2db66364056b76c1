package io.edgeworks.api.cloudflare;

/**
 * A refusal on the Cloudflare-compatible API, answered as Cloudflare's envelope
 * {@code {"success":false,"errors":[{"code":N,"message":"…"}],"messages":[]}} ({@link CfMappers}). The codes are the ones
 * wrangler branches on (WRANGLER.md section 2); {@link #UNSUPPORTED} for what Edgeworks does not offer here.
 */
public class CfException extends RuntimeException {
    /** Worker (script) not found: wrangler treats the script as new. */
    public static final int SCRIPT_NOT_FOUND = 10007;
    /** Worker not found on {@code GET …/workers/services/:name}. */
    public static final int SERVICE_NOT_FOUND = 10090;
    /** Upload validation error. */
    public static final int VALIDATION = 10021;
    /** {@code inherit} binding with {@code bindings_inherit=strict} and no binding of that name before. */
    public static final int INHERIT_INVALID = 10057;
    /** Secret edit while the newest version is not the deployed one. */
    public static final int SECRET_NOT_ON_DEPLOYED = 10215;
    /** Authentication error. */
    public static final int AUTHENTICATION = 10000;
    /** Not allowed (role too low, or not a member). */
    public static final int FORBIDDEN = 9109;
    /** A feature Edgeworks does not offer through the Cloudflare-compatible API (the message says what to use). */
    public static final int UNSUPPORTED = 10100;
    /** KV key or namespace not found. */
    public static final int KV_NOT_FOUND = 10009;
    /** Zone or route not found. */
    public static final int NOT_FOUND = 10404;
    /** Anything else (server side). */
    public static final int INTERNAL = 10013;

    private final int status;
    private final int code;

    public CfException(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public static CfException scriptNotFound(String script, String slug) {
        return new CfException(404, SCRIPT_NOT_FOUND, "This Worker does not exist on your account: no script '" + script
                + "' in account '" + slug + "' [workers.api.error.script_not_found]");
    }

    public static CfException invalid(String message) {
        return new CfException(400, VALIDATION, message);
    }

    public static CfException unsupported(String message) {
        return new CfException(400, UNSUPPORTED, message);
    }
}
