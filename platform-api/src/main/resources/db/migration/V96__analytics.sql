-- Analytics (issue 14): what the edge nodes counted per environment version and minute, merged over nodes
-- (analytics.AnalyticsIngest). One row per (environment, version, minute); counters add up, cpu and wall are
-- HdrHistograms (bundle AnalyticsHistograms, compressed form) that the ingest and every read merge, so a
-- percentile over any range and step is that of the requests in it. Partitioned by day on minute:
-- analytics.AnalyticsPartitions creates the partitions ahead and drops those older than the retention
-- (platform.analytics.retention); the first ones are made here.
create table analytics_minutes (
    environment_id  uuid not null references environments(id) on delete cascade,
    version         integer not null,
    minute          timestamptz not null,
    requests        bigint not null default 0,
    status_1xx      bigint not null default 0,
    status_2xx      bigint not null default 0,
    status_3xx      bigint not null default 0,
    status_4xx      bigint not null default 0,
    status_5xx      bigint not null default 0,
    exceptions      bigint not null default 0,
    subrequests     bigint not null default 0,
    limits          jsonb not null default '{}',
    binding_calls   jsonb not null default '{}',
    cpu             bytea,
    wall            bytea,
    primary key (environment_id, minute, version)
) partition by range (minute);

do $$
declare
    d date;
begin
    for i in 0..2 loop
        d := (now() at time zone 'UTC')::date + i;
        execute format('create table if not exists %I partition of analytics_minutes for values from (%L) to (%L)',
                       'analytics_minutes_' || to_char(d, 'YYYYMMDD'), d::timestamp at time zone 'UTC',
                       (d + 1)::timestamp at time zone 'UTC');
    end loop;
end $$;
