-- A message no longer worth sending (a confirmation hours late) expires at its deadline instead of going out stale.
alter table outbound_messages add column deadline timestamptz;
create index outbound_messages_deadline_idx on outbound_messages (deadline) where status = 'queued';
