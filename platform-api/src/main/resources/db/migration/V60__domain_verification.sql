-- Custom domains need proof of control (README "Custom domains"). A claim starts 'pending' with a random
-- token and becomes 'active' after a DNS TXT record at _edgeworks.<name> or an HTTP token answered it.
-- Several accounts may hold pending claims on the same or overlapping names; only an active claim is
-- exclusive (DomainService checks parents and children under an advisory lock per registrable domain;
-- the partial unique index below guards the exact name).
alter table domains drop constraint domains_name_key;
alter table domains add column status text not null default 'pending' check (status in ('pending', 'active'));
alter table domains add column token text;
alter table domains add column verified_at timestamptz;
alter table domains add column expires_at timestamptz;
alter table domains add column checked_at timestamptz;
alter table domains add column last_check text;

-- domains claimed before verification existed were exclusive already: they stay active
update domains set status = 'active', verified_at = created_at,
    token = md5(random()::text || clock_timestamp()::text || id::text);
alter table domains alter column token set not null;

create unique index domains_account_name on domains(account_id, name);
create unique index domains_active_name on domains(name) where status = 'active';
create index domains_pending_check on domains(checked_at nulls first) where status = 'pending';
