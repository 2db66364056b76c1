-- Edgeworks control plane schema. PostgreSQL is the source of truth; Redis only carries what is published.

create table accounts (
    id          uuid primary key,
    slug        text not null unique,
    name        text not null,
    created_at  timestamptz not null default now()
);

create table members (
    account_id  uuid not null references accounts(id) on delete cascade,
    username    text not null,
    role        text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
    created_at  timestamptz not null default now(),
    primary key (account_id, username)
);
create index members_username on members(username);

create table services (
    id          uuid primary key,
    account_id  uuid not null references accounts(id) on delete cascade,
    name        text not null,
    created_at  timestamptz not null default now(),
    unique (account_id, name)
);

-- latest_version is the per-environment counter: "update ... set latest_version = latest_version + 1
-- returning latest_version" inside the version's transaction locks the row, so numbers are gapless
-- and unique under concurrent deploys (a rolled back transaction gives its number back).
create table environments (
    id              uuid primary key,
    service_id      uuid not null references services(id) on delete cascade,
    name            text not null,
    hostname        text not null unique,
    latest_version  integer not null default 0,
    created_at      timestamptz not null default now(),
    unique (service_id, name)
);

-- modules: {"path": "source"}; vars: {"K": "v"}; secrets: {"NAME": {"nonce": b64, "ciphertext": b64}}
-- encrypted at rest with the API's secret key; bindings: [{"type":"service",...}|{"type":"kv",...}].
create table versions (
    id              uuid primary key,
    environment_id  uuid not null references environments(id) on delete cascade,
    number          integer not null,
    main_module     text not null,
    modules         jsonb not null,
    vars            jsonb not null,
    secrets         jsonb not null,
    bindings        jsonb not null,
    cpu_ms          integer not null,
    message         text,
    tag             text,
    commit_sha      text,
    author          text not null,
    digest          text not null,
    created_at      timestamptz not null default now(),
    unique (environment_id, number)
);

-- versions: [{"number": n, "percentage": p}]; the newest row of an environment is its current deployment.
create table deployments (
    id              uuid primary key,
    environment_id  uuid not null references environments(id) on delete cascade,
    versions        jsonb not null,
    message         text,
    author          text not null,
    created_at      timestamptz not null default now()
);
create index deployments_environment on deployments(environment_id, created_at desc);

create table domains (
    id          uuid primary key,
    account_id  uuid not null references accounts(id) on delete cascade,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

create table routes (
    id              uuid primary key,
    account_id      uuid not null references accounts(id) on delete cascade,
    pattern         text not null unique,
    environment_id  uuid not null references environments(id) on delete cascade,
    created_at      timestamptz not null default now()
);

-- values live in Redis (RedisLayout.KV_PREFIX + id), the store edge nodes read and write.
create table kv_namespaces (
    id          uuid primary key,
    account_id  uuid not null references accounts(id) on delete cascade,
    name        text not null,
    created_at  timestamptz not null default now(),
    unique (account_id, name)
);

create table audit_log (
    id          bigserial primary key,
    account_id  uuid references accounts(id) on delete set null,
    account_slug text not null,
    actor       text not null,
    action      text not null,
    target      text not null,
    summary     jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now()
);
create index audit_log_account on audit_log(account_id, id desc);

-- Written in the same transaction as the change it announces; the relay publishes and marks it.
-- kind 'account': something of account_id (slug in ref.account) changed, reconcile its published state
-- (bindings never cross accounts, so an account is a closed graph); kind 'full': republish everything.
create table outbox (
    id              bigserial primary key,
    kind            text not null check (kind in ('account', 'full')),
    account_id      uuid,
    ref             jsonb not null default '{}'::jsonb,
    created_at      timestamptz not null default now(),
    published_at    timestamptz
);
create index outbox_pending on outbox(id) where published_at is null;
