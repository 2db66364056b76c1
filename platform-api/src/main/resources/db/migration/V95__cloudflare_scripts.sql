-- Cloudflare-compatible API (/client/v4, package io.edgeworks.api.cloudflare): which environment a wrangler "script"
-- name stands for in an account (README "Deploy with wrangler" has the rule), the tags wrangler sends in
-- PATCH …/script-settings (cf:service=<name> / cf:environment=<env> group environments) and the workers.dev flags.
-- One row per script name; the environment row owns it (deleting the environment or its service drops the name).
create table cf_scripts (
    account_id uuid not null references accounts(id) on delete cascade,
    script text not null,
    environment_id uuid not null unique references environments(id) on delete cascade,
    tags jsonb not null default '[]',
    workers_dev boolean not null default true,
    previews_enabled boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (account_id, script)
);
