-- Issue 12, environment-following bindings and full-stack previews.
--
-- Whether a request may choose the version of this environment with the Edgeworks-Version-Overrides header
-- (PATCH .../environments/{e} {"version_overrides": false} turns it off). Carried in the bundle's environment
-- spec, written there only when false, so every bundle published before keeps its bytes.
alter table environments add column version_overrides boolean not null default true;

-- A full-stack preview: one environment called `name` in each service of a binding graph, cloned from the
-- environment `from_environment` in one call (POST /api/accounts/{a}/previews) and deleted in one call.
create table previews (
    id                uuid primary key,
    account_id        uuid not null references accounts(id) on delete cascade,
    name              text not null,
    from_environment  text not null,
    created_by        text not null,
    created_at        timestamptz not null default now(),
    unique (account_id, name)
);

-- The environments a preview made; an environment deleted on its own simply leaves its preview.
alter table environments add column preview_id uuid references previews(id) on delete set null;
create index environments_preview on environments(preview_id) where preview_id is not null;
