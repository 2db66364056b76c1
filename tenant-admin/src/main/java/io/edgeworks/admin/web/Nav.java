package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.Membership;
import io.quarkus.qute.TemplateData;

import java.util.List;

/** What the page frame shows: who is signed in, the account switcher, the current section and a notice. */
@TemplateData
public record Nav(String username, List<Membership> accounts, String account, Access access, String section,
        String notice) {

    public boolean inAccount() {
        return account != null;
    }

    public boolean at(String name) {
        return name.equals(section);
    }
}
