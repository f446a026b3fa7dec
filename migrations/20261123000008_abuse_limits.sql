-- A message over its sender's per-minute limit is kept (nothing acknowledged is lost) but not acted on.
alter table inbound_messages drop constraint inbound_messages_status_check;
alter table inbound_messages add constraint inbound_messages_status_check
    check (status in ('received', 'processed', 'unparsed', 'unregistered', 'ignored', 'throttled'));
-- The per-recipient hourly cap counts a number's recent outbound messages.
create index outbound_messages_recipient_idx on outbound_messages (recipient, created_at);
