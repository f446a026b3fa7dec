-- Numbers that sent STOP (or a local word for it). They receive nothing but the STOP confirmation until they send
-- START. Kept by phone number, not contact, so an unregistered number's STOP counts too.
create table opt_outs (
    phone       text not null constraint opt_outs_pkey primary key,
    at          timestamptz not null default now(),
    inbound_message_id bigint constraint opt_outs_inbound_fkey references inbound_messages (id) on delete set null
);

-- India's DLT rules: each message goes out under a registered template id and sender header (see locales/README
-- and MANDI_DLT_TEMPLATES); they travel with the row to providers that take them.
alter table outbound_messages add column dlt_template_id text;
alter table outbound_messages add column sender_header text;
