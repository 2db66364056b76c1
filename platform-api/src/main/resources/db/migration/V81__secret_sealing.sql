-- At-rest secrets (versions.secrets) are bound to their account, service and environment ids: the AES-GCM
-- associated data is bundle SecretContext.atRest, no longer the bare NAME. Flyway cannot re-encrypt (it has no
-- key): SecretReencryption re-seals every older row at start-up, then sets legacy_retired; from then on values
-- sealed the old way no longer open (SecretVault refuses them).
create table secret_sealing (
    id              int primary key check (id = 1),
    legacy_retired  boolean not null default false,
    retired_at      timestamptz
);

insert into secret_sealing(id) values (1);
