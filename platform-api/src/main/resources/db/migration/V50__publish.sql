-- Publication bookkeeping (package io.edgeworks.api.publish).

-- sequence: the highest Redis sequence number ever published. After Redis lost its data the relay
-- restarts the sequence above it, so edge nodes never see the sequence go backwards.
-- owner: this database's identity, written to Redis as the epoch key. A Redis whose epoch names
-- another database holds someone else's state (a test run pointed at the local stack's Redis, say):
-- the relay then refuses to write to it.
create table publish_state (
    id        integer primary key default 1 check (id = 1),
    sequence  bigint not null default 0,
    owner     uuid not null default gen_random_uuid()
);
insert into publish_state(id, sequence) values (1, 0);

-- Wake the relays right after a transaction that wrote outbox rows commits (NOTIFY is delivered at
-- commit, and not at all on rollback); a periodic poll covers missed notifications.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('edgeworks_outbox', '');
    return null;
end;
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

-- the relay looks up pending rows of one account by slug
create index outbox_pending_account on outbox((ref->>'account'), id) where published_at is null;
