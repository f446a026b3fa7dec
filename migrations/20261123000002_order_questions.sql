-- Clarification questions: a line the matcher was unsure of is asked back to the shop as a numbered choice. The
-- order waits in state 'draft' until every question of it is answered (or skipped).

create table order_questions (
    id           bigint generated always as identity constraint order_questions_pkey primary key,
    order_id     bigint not null constraint order_questions_order_fkey references orders (id) on delete cascade,
    position     integer not null constraint order_questions_position_check check (position > 0),
    -- What the shopkeeper wrote for the line.
    source_text  text not null,
    -- The numbered options, in order: [{"product_id", "sku", "name", "packs", "unit_price_paise"}]. Empty for a
    -- line nothing matched (kept so the shop is told what was skipped).
    options      jsonb not null default '[]'::jsonb,
    -- 0 = skipped, 1..n = the option chosen; null while unanswered.
    answer       integer constraint order_questions_answer_check check (answer is null or answer >= 0),
    asked_at     timestamptz,
    answered_at  timestamptz,
    constraint order_questions_order_position_key unique (order_id, position)
);
create index order_questions_open_idx on order_questions (order_id) where answer is null;
