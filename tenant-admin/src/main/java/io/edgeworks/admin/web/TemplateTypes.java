package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel;
import io.quarkus.qute.TemplateData;

/** Lets templates read the API's records (value resolvers generated at build time, no reflection). */
@TemplateData(target = ApiModel.Me.class)
@TemplateData(target = ApiModel.Membership.class)
@TemplateData(target = ApiModel.Account.class)
@TemplateData(target = ApiModel.Member.class)
@TemplateData(target = ApiModel.Service.class)
@TemplateData(target = ApiModel.Environment.class)
@TemplateData(target = ApiModel.Deployment.class)
@TemplateData(target = ApiModel.Slice.class)
@TemplateData(target = ApiModel.Annotations.class)
@TemplateData(target = ApiModel.Version.class)
@TemplateData(target = ApiModel.Binding.class)
@TemplateData(target = ApiModel.Domain.class)
@TemplateData(target = ApiModel.Route.class)
@TemplateData(target = ApiModel.KvNamespace.class)
@TemplateData(target = ApiModel.AuditEntry.class)
@TemplateData(target = ApiModel.ApiToken.class)
@TemplateData(target = ApiModel.CreatedApiToken.class)
@TemplateData(target = ApiException.class)
@TemplateData(target = ApiException.FieldError.class)
final class TemplateTypes {
    private TemplateTypes() {
    }
}
