-- Schema version 8: the language an account reads the app in ('en', 'sv' or 'pl'); NULL until
-- the account chooses one, and then each request's Accept-Language decides.
ALTER TABLE accounts ADD COLUMN language TEXT;
