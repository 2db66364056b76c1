-- Signed account manifests (bundle AccountManifest, RedisLayout.MANIFESTS). Per account slug: the sequence of
-- its latest manifest and the digest of that manifest's content (signing key id + bytes with the sequence left
-- out). A publication that changes nothing re-signs the same sequence (identical bytes, so Redis and edge nodes
-- see no change); any change takes a new number. Numbers come from a PostgreSQL sequence because nextval never
-- rolls back: a publication whose transaction failed after Redis already took its manifest can never hand the
-- same number to other content (edge nodes refuse an equal sequence with other bytes). Rows stay after an
-- account is deleted; the sequence is global, so a slug that is reused keeps climbing anyway.
create sequence manifest_sequence;

create table account_manifests (
    account         text primary key,
    sequence        bigint not null,
    content_digest  text not null,
    updated_at      timestamptz not null default now()
);
