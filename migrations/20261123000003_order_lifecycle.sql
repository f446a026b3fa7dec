-- The wholesaler loop: when an order was put in front of its current wholesaler (the answer clock starts then),
-- how long each wholesaler has to answer, and which lines a partial answer refused.

alter table orders add column placed_at timestamptz;
update orders set placed_at = updated_at where state = 'placed';
-- The expiry worker looks only at orders still waiting for an answer.
create index orders_placed_at_idx on orders (placed_at) where state = 'placed';

-- Minutes a wholesaler has to answer an order before it goes to the shop's backup wholesaler (or expires); null
-- means the gateway's default (MANDI_ORDER_SLA_MINUTES).
alter table contacts add column response_minutes integer
    constraint contacts_response_minutes_check check (response_minutes is null or response_minutes between 1 and 10080);

-- The most recent orders of a shop, for STATUS, CANCEL and REPEAT.
create index order_events_reroute_idx on order_events ((details ->> 'from_wholesaler_id')) where event = 'reroute';
