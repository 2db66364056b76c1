-- Deployments of one environment are ordered by seq (created_at is the transaction's start time and can
-- tie or invert under concurrency). The current deployment of an environment is its row with the highest
-- seq; history pages use seq as the cursor.
alter table deployments add column seq bigserial;
create unique index deployments_seq on deployments(seq);
create index deployments_environment_seq on deployments(environment_id, seq desc);
