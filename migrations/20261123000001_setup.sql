-- Mandi's first schema: contacts and their links, the catalog, the inbound log, orders with their events, and the
-- outbox. Every constraint is named so the code can map a violation to a domain error.

create function mandi_touch_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

-- Shopkeepers, wholesalers and operators. One row per phone number, whatever the role.
create table contacts (
    id          bigint generated always as identity constraint contacts_pkey primary key,
    phone       text not null constraint contacts_phone_key unique
                constraint contacts_phone_e164_check check (phone ~ '^\+[1-9][0-9]{6,14}$'),
    name        text not null constraint contacts_name_check check (length(name) between 1 and 100),
    role        text not null constraint contacts_role_check check (role in ('shopkeeper', 'wholesaler', 'operator')),
    -- BCP-47-ish tag of a loaded locale (en, hi, hi-Latn, …); null until we know it.
    lang        text constraint contacts_lang_check check (lang ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?$'),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create trigger contacts_touch before update on contacts for each row execute function mandi_touch_updated_at();

-- Which wholesaler serves which shop: rank 1 is the primary, rank 2 the backup.
create table shop_wholesalers (
    shop_id       bigint not null constraint shop_wholesalers_shop_fkey references contacts (id) on delete cascade,
    wholesaler_id bigint not null constraint shop_wholesalers_wholesaler_fkey references contacts (id),
    rank          smallint not null constraint shop_wholesalers_rank_check check (rank in (1, 2)),
    created_at    timestamptz not null default now(),
    constraint shop_wholesalers_pkey primary key (shop_id, rank),
    constraint shop_wholesalers_distinct_key unique (shop_id, wholesaler_id),
    constraint shop_wholesalers_not_self_check check (shop_id <> wholesaler_id)
);

-- The catalog. Pack sizes are kept exactly, in the base unit of their measure (grams, millilitres or pieces),
-- next to the unit the operator wrote, so an export gives back what was imported.
create table products (
    id            bigint generated always as identity constraint products_pkey primary key,
    sku           text not null constraint products_sku_key unique
                  constraint products_sku_check check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name          text not null constraint products_name_check check (length(name) between 1 and 200),
    unit          text not null constraint products_unit_check check (unit in ('kg', 'g', 'l', 'ml', 'pc')),
    pack_base     bigint not null constraint products_pack_base_check check (pack_base > 0),
    price_paise   bigint not null constraint products_price_check check (price_paise >= 0),
    category      text not null default '',
    aliases       text[] not null default '{}',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create trigger products_touch before update on products for each row execute function mandi_touch_updated_at();

-- A single counter bumped by any change to products, so gateways can tell cheaply that their cached matcher is stale.
create table catalog_state (
    singleton  boolean not null default true constraint catalog_state_pkey primary key
               constraint catalog_state_singleton_check check (singleton),
    revision   bigint not null default 0
);
insert into catalog_state default values;

create function mandi_bump_catalog_revision() returns trigger language plpgsql as $$
begin
    update catalog_state set revision = revision + 1;
    return null;
end;
$$;
create trigger products_revision after insert or update or delete or truncate on products
    for each statement execute function mandi_bump_catalog_revision();

-- Every inbound message, stored before anything else happens. A provider retry hits the unique key and stops there.
create table inbound_messages (
    id                   bigint generated always as identity constraint inbound_messages_pkey primary key,
    channel              text not null,
    provider_message_id  text not null,
    sender               text not null,
    recipient            text not null default '',
    body                 text not null,
    status               text not null default 'received'
                         constraint inbound_messages_status_check
                         check (status in ('received', 'processed', 'unparsed', 'unregistered', 'ignored')),
    contact_id           bigint constraint inbound_messages_contact_fkey references contacts (id) on delete set null,
    lang                 text,
    note                 text,
    received_at          timestamptz not null default now(),
    processed_at         timestamptz,
    constraint inbound_messages_channel_provider_id_key unique (channel, provider_message_id)
);
-- The sweeper looks for messages that were stored but never handled (a crash between commit and processing).
create index inbound_messages_pending_idx on inbound_messages (received_at) where status = 'received';
create index inbound_messages_contact_idx on inbound_messages (contact_id, received_at);

-- Orders. Codes are four characters without 0/O/1/I; a code is unique among orders that are still open and may be
-- reused once an order is finished.
create table orders (
    id                  bigint generated always as identity constraint orders_pkey primary key,
    code                text not null constraint orders_code_check check (code ~ '^[2-9A-HJ-NP-Z]{4}$'),
    shop_id             bigint not null constraint orders_shop_fkey references contacts (id),
    wholesaler_id       bigint not null constraint orders_wholesaler_fkey references contacts (id),
    state               text not null constraint orders_state_check check (state in (
                            'draft', 'placed', 'confirmed', 'partially_confirmed', 'rejected', 'expired',
                            'cancelled', 'dispatched', 'delivered')),
    inbound_message_id  bigint constraint orders_inbound_fkey references inbound_messages (id),
    total_paise         bigint not null default 0 constraint orders_total_check check (total_paise >= 0),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create trigger orders_touch before update on orders for each row execute function mandi_touch_updated_at();
create unique index orders_open_code_key on orders (code)
    where state in ('draft', 'placed', 'confirmed', 'partially_confirmed', 'dispatched');
create index orders_shop_idx on orders (shop_id, created_at desc);
create index orders_wholesaler_state_idx on orders (wholesaler_id, state);

create table order_lines (
    id               bigint generated always as identity constraint order_lines_pkey primary key,
    order_id         bigint not null constraint order_lines_order_fkey references orders (id) on delete cascade,
    line_no          integer not null constraint order_lines_line_no_check check (line_no > 0),
    product_id       bigint constraint order_lines_product_fkey references products (id),
    sku              text not null,
    name             text not null,
    packs            integer not null constraint order_lines_packs_check check (packs > 0),
    unit_price_paise bigint not null constraint order_lines_price_check check (unit_price_paise >= 0),
    -- What the shopkeeper wrote for this line, for the operator and for disputes.
    source_text      text not null default '',
    state            text not null default 'open'
                     constraint order_lines_state_check check (state in ('open', 'confirmed', 'rejected')),
    constraint order_lines_order_line_key unique (order_id, line_no)
);

create table order_events (
    id          bigint generated always as identity constraint order_events_pkey primary key,
    order_id    bigint not null constraint order_events_order_fkey references orders (id) on delete cascade,
    from_state  text,
    to_state    text not null,
    event       text not null,
    -- Who caused it: 'shop', 'wholesaler', 'operator' or 'system'.
    actor       text not null constraint order_events_actor_check
                check (actor in ('shop', 'wholesaler', 'operator', 'system')),
    inbound_message_id bigint constraint order_events_inbound_fkey references inbound_messages (id),
    details     jsonb not null default '{}'::jsonb,
    at          timestamptz not null default now()
);
create index order_events_order_idx on order_events (order_id, at);

-- The outbox: the only way anything leaves the system.
create table outbound_messages (
    id                   bigint generated always as identity constraint outbound_messages_pkey primary key,
    channel              text not null,
    recipient            text not null,
    body                 text not null,
    -- What this message is (order_placed, wholesaler_notice, …): maps to a DLT template later.
    kind                 text not null,
    contact_id           bigint constraint outbound_messages_contact_fkey references contacts (id) on delete set null,
    order_id             bigint constraint outbound_messages_order_fkey references orders (id) on delete set null,
    inbound_message_id   bigint constraint outbound_messages_inbound_fkey references inbound_messages (id),
    encoding             text not null constraint outbound_messages_encoding_check check (encoding in ('GSM-7', 'UCS-2')),
    segments             integer not null constraint outbound_messages_segments_check check (segments > 0),
    status               text not null default 'queued' constraint outbound_messages_status_check
                         check (status in ('queued', 'sending', 'sent', 'delivered', 'failed')),
    attempts             integer not null default 0,
    max_attempts         integer not null default 10 constraint outbound_messages_max_attempts_check check (max_attempts > 0),
    next_attempt_at      timestamptz not null default now(),
    lease_until          timestamptz,
    provider_message_id  text,
    last_error           text,
    created_at           timestamptz not null default now(),
    sent_at              timestamptz,
    updated_at           timestamptz not null default now(),
    constraint outbound_messages_lease_check check (status <> 'sending' or lease_until is not null)
);
create trigger outbound_messages_touch before update on outbound_messages
    for each row execute function mandi_touch_updated_at();
create index outbound_messages_due_idx on outbound_messages (next_attempt_at) where status = 'queued';
create index outbound_messages_leased_idx on outbound_messages (lease_until) where status = 'sending';
create index outbound_messages_provider_id_idx on outbound_messages (channel, provider_message_id)
    where provider_message_id is not null;
create index outbound_messages_inbound_idx on outbound_messages (inbound_message_id);

-- Wake outbox workers as soon as a message is queued; they poll as well, so a lost notification only delays.
create function mandi_notify_outbox() returns trigger language plpgsql as $$
begin
    perform pg_notify('mandi_outbox', '');
    return null;
end;
$$;
create trigger outbound_messages_notify after insert on outbound_messages
    for each statement execute function mandi_notify_outbox();
