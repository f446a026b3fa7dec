-- An order placed from a USSD menu remembers the session that placed it: a provider's retry of the confirming
-- request (or a second confirm after a lost response) finds that order instead of placing another.
alter table orders add column ussd_session text;
create unique index orders_ussd_session_key on orders (ussd_session) where ussd_session is not null;
