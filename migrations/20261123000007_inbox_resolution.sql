-- The operator's inbox: messages Mandi could not act on by itself (unparsed, or from an unregistered number) wait
-- for a person, who marks them handled with `mandi inbox resolve`, optionally with a note of what was done.
alter table inbound_messages add column resolved_at timestamptz;
alter table inbound_messages add column resolution text;
alter table inbound_messages add constraint inbound_messages_resolution_check
    check (resolution is null or resolved_at is not null);
-- `mandi inbox list` reads the messages still waiting for a person, newest first.
create index inbound_messages_unresolved_idx on inbound_messages (received_at desc)
    where status in ('unparsed', 'unregistered') and resolved_at is null;
