package io.edgeworks.admin.web;

import io.quarkus.qute.TemplateData;

/**
 * What the signed-in person may do in one account, from their role in GET /api/me. It only decides which
 * controls are shown; platform-api enforces the roles.
 */
@TemplateData
public record Access(String role) {

    public boolean isMember() {
        return role != null;
    }

    /** Developers and above create services, environments and versions, and deploy. */
    public boolean canDeploy() {
        return rank() >= 1;
    }

    /** Admins and owners manage members, domains, routes and KV namespaces. */
    public boolean canAdmin() {
        return rank() >= 2;
    }

    public boolean isOwner() {
        return rank() >= 3;
    }

    public boolean isViewer() {
        return "viewer".equals(role);
    }

    private int rank() {
        if (role == null) {
            return -1;
        }
        return switch (role) {
            case "owner" -> 3;
            case "admin" -> 2;
            case "developer" -> 1;
            default -> 0;
        };
    }
}
