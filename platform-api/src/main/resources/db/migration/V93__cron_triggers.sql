-- Cron triggers of an environment (PUT /api/accounts/{a}/services/{s}/environments/{e}/triggers): its configuration,
-- not a version's, like Cloudflare's. Five-field expressions (bundle CronSchedule), in the order given. Published in
-- the account's signed manifest (crons) for deployed environments; edge nodes run the deployed version's scheduled()
-- on each tick and record the runs in Redis (RedisLayout.cronRunsKey), not here.
create table cron_triggers (
    environment_id uuid not null references environments(id) on delete cascade,
    position int not null,
    cron text not null,
    primary key (environment_id, position),
    unique (environment_id, cron)
);
