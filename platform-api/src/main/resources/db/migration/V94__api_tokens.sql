-- Account API tokens (io.edgeworks.api.token): long-lived bearer credentials for CI and wrangler.
-- The secret is never stored: only SHA-256 of the whole token string; lookup_id is the non-secret part of the
-- token (ewt_<lookup_id>_<secret>) so that authentication finds the row through an index.
create table api_tokens (
    id           uuid primary key,
    account_id   uuid not null references accounts(id) on delete cascade,
    lookup_id    text not null unique,
    secret_hash  bytea not null,
    name         text not null,
    scopes       text not null,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text
);
create index api_tokens_account on api_tokens(account_id, created_at desc);

-- The token through which a change was made (null: a user's own login, or the platform).
alter table audit_log add column token_id uuid, add column token_name text;
