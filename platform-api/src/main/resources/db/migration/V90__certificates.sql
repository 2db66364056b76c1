-- TLS certificates of active custom domains, ordered from an ACME CA (platform.acme.*) by CertificateJob.
-- The platform's ACME account key, per directory URL: PEM key pair sealed at rest with platform.secrets.key
-- (SecretVault.sealBound, associated data CertificateSealing.accountKey(directory)). Replicas that start
-- together insert with "on conflict do nothing" and all use the row that won.
create table acme_accounts (
    directory_url  text primary key,
    key_sealed     jsonb not null,
    created_at     timestamptz not null default now()
);

-- One row per active domain once the job took it up. status: pending (first order under way), valid (a
-- certificate is stored; renewals keep it until replaced), failed (the last order failed: last_error says why
-- in the CA's words; a still-valid older certificate stays stored and delivered). next_attempt_at: when the job
-- takes the row next (a lease while an order runs, not_after - renew-before once valid, now + retry-after-failure
-- after a failure). The private key is sealed at rest like the account key (CertificateSealing.domainKey).
create table certificates (
    domain_id        uuid primary key references domains(id) on delete cascade,
    status           text not null check (status in ('pending', 'valid', 'failed')),
    chain_pem        text,
    key_sealed       jsonb,
    not_after        timestamptz,
    issued_at        timestamptz,
    last_error       text,
    next_attempt_at  timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check ((chain_pem is null) = (key_sealed is null) and (chain_pem is null) = (not_after is null))
);

create index certificates_due on certificates(next_attempt_at);
