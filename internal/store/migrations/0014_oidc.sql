-- Single sign-on through the gemeente's OpenID provider (issue 16, section
-- 2): an account remembers the identity it was first linked to at the
-- provider (the issuer and the token's subject, as "ISSUER SUBJECT"), so
-- that an e-mail address handed to someone else later does not hand over
-- the account; a session remembers how it was opened, so that logging out
-- of a provider login also ends the provider's session.

ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject);

ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'wachtwoord';
