-- Edge nodes now read only signed account manifests (RedisLayout.MANIFESTS), and bundles carry their
-- deployment's seq: republish the whole state once (a 'full' outbox row; the relay sends full=true), so an
-- upgraded platform whose Redis still holds the old unsigned state does not leave edge nodes without
-- manifests until each account changes. The old unsigned hashes (edgeworks:state:hostnames,
-- edgeworks:state:routes) are no longer written nor read; they can be deleted by hand.
insert into outbox(kind) values ('full');
