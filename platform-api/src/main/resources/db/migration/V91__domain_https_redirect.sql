-- Optional HTTP -> HTTPS redirect per custom domain (PATCH /api/accounts/{a}/domains/{name}). Carried in the
-- account's signed manifest (https_redirects); an edge node redirects only while it holds a certificate for
-- the name, so turning it on before the first certificate is issued never sends clients to a broken HTTPS.
alter table domains add column https_redirect boolean not null default false;
