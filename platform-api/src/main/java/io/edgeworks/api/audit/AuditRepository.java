package io.edgeworks.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class AuditRepository {
    private final ObjectMapper json;

    AuditRepository(ObjectMapper json) {
        this.json = json;
    }

    Uni<List<AuditEntryView>> listNewestFirst(UUID accountId, PageRequest page) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, actor, action, target, cast(summary as text), created_at, cast(token_id as text), token_name from audit_log "
                                + "where account_id = :account and id < :before order by id desc limit :limit", Object[].class)
                .setParameter("account", accountId)
                .setParameter("before", page.beforeOrMax())
                .setParameter("limit", page.limit())
                .getResultList())
                .map(rows -> rows.stream().map(this::toView).toList());
    }

    private AuditEntryView toView(Object[] row) {
        try {
            return new AuditEntryView(Rows.longValue(row[0]), Rows.string(row[1]), Rows.string(row[2]),
                    Rows.string(row[3]), json.readTree(Rows.string(row[4])), Rows.instant(row[5]),
                    row[6] == null ? null : new AuditEntryView.Token(Rows.string(row[6]), Rows.string(row[7])));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit summary is not JSON", e);
        }
    }
}
