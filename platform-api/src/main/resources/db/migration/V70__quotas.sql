-- Quotas (package io.edgeworks.api.quota).

-- The slug of a deleted account stays blocked until available_at (platform.quotas.slug-cooldown), so that nobody
-- else takes over its generated hostnames while clients, DNS caches and links still point at them. The owners of
-- the deleted account (owners) may re-create it at once; a re-creation deletes the row.
create table account_tombstones (
    slug          text primary key,
    owners        text[] not null,
    deleted_by    text not null,
    deleted_at    timestamptz not null default now(),
    available_at  timestamptz not null
);

-- platform.quotas.deploys-per-minute counts an account's deployments of the last 60 seconds
create index deployments_created on deployments(created_at);
