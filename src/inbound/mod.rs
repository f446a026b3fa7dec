//! The inbound log and the pipeline behind it.
//!
//! Every message is committed to `inbound_messages` before anything else happens; a provider's retry of the same
//! message hits the `(channel, provider_message_id)` key and stops there. Processing then runs in one transaction
//! that locks the message (`SKIP LOCKED`) and the sender, applies the conversation's decision (orders, events,
//! outbox rows) and marks the message handled, so a message is acted on exactly once, and one that was stored but
//! never handled (a crash in between) is picked up again by the sweeper.

mod expiry;
mod menu;
mod operator;

pub use menu::{MenuLines, MenuOrder};

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use fluent_bundle::FluentArgs;
use phonenumber::country;
use sqlx::{PgConnection, PgPool};
use tokio_util::sync::CancellationToken;

use crate::catalog::{CatalogCache, Matcher, format_rupees};
use crate::channels::{InboundSms, Registry};
use crate::contacts::{self, Contact, Role};
use crate::conversation::{self, Decision, DraftLine, PendingQuestion, Question, Sender, WholesalerAction};
use crate::domain::{LangTag, Msisdn, mask_phone};
use crate::grammar::Lexicon;
use crate::i18n::dlt::DltRegistry;
use crate::i18n::{FALLBACK, Translator};
use crate::orders::store::{self as order_store, Actor, NewLine, QuestionOption, QuestionRow};
use crate::orders::{OrderCode, OrderEvent, OrderState};
use crate::outbox::{self, NewMessage};
use crate::redis_store::RedisStore;
use crate::sms;

/// How a message ended up (`inbound_messages.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboundStatus {
    Received,
    Processed,
    /// Nothing could be read from it: an operator should look.
    Unparsed,
    /// From a number that is not registered.
    Unregistered,
    /// Not answered at all (not a phone number, an operator's message).
    Ignored,
    /// Over its sender's per-minute limit: kept, not acted on.
    Throttled,
}

impl InboundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Processed => "processed",
            Self::Unparsed => "unparsed",
            Self::Unregistered => "unregistered",
            Self::Ignored => "ignored",
            Self::Throttled => "throttled",
        }
    }
}

/// The result of storing an inbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    /// A provider retry of a message we already have.
    Duplicate,
}

/// Stores a message before anything else happens to it.
pub async fn store(pool: &PgPool, channel: &str, sms: &InboundSms) -> Result<Stored, sqlx::Error> {
    let id = sqlx::query_scalar!(
        r#"insert into inbound_messages (channel, provider_message_id, sender, recipient, body)
           values ($1, $2, $3, $4, $5)
           on conflict on constraint inbound_messages_channel_provider_id_key do nothing
           returning id"#,
        channel,
        sms.provider_message_id,
        sms.sender,
        sms.recipient,
        sms.text,
    )
    .fetch_optional(pool)
    .await?;
    Ok(id.map_or(Stored::Duplicate, Stored::New))
}

/// Everything processing needs, shared by the HTTP server, the CLI and the sweeper.
pub struct Pipeline {
    pub pool: PgPool,
    pub lexicon: Lexicon,
    pub translator: Translator,
    pub catalog: CatalogCache,
    pub channels: Arc<Registry>,
    pub redis: Option<RedisStore>,
    pub default_country: country::Id,
    pub max_attempts: u32,
    /// Default minutes a wholesaler has to answer an order (see [`Pipeline::expire_due`]).
    pub order_sla_minutes: i32,
    /// Registered DLT templates (empty outside India).
    pub dlt: DltRegistry,
    /// What processing decided, counted since start (for `/metrics`).
    pub outcomes: Outcomes,
    /// Most SMS one number may send a minute before its messages are kept but not acted on.
    pub sender_limit_per_minute: u32,
    /// Most SMS sent to one number (not a wholesaler) in an hour.
    pub max_sms_per_hour: i64,
    /// Background processors' queues, once started ([`Pipeline::start_processors`]).
    pub processors: std::sync::OnceLock<Vec<tokio::sync::mpsc::Sender<Job>>>,
}

/// Counts of decisions and of order lines by match outcome, since the process started.
#[derive(Default)]
pub struct Outcomes {
    decisions: std::sync::Mutex<std::collections::BTreeMap<&'static str, u64>>,
    lines: [std::sync::atomic::AtomicU64; 3],
}

impl Outcomes {
    fn record(&self, decision: &Decision) {
        *self
            .decisions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(decision.kind())
            .or_default() += 1;
        if let Decision::PlaceOrder { lines, questions, unresolved } = decision {
            for (i, n) in [lines.len(), questions.len(), unresolved.len()].into_iter().enumerate() {
                self.lines[i].fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// `(decision, count)` in name order.
    pub fn decisions(&self) -> Vec<(&'static str, u64)> {
        self.decisions.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().map(|(k, v)| (*k, *v)).collect()
    }

    /// Order lines read so far: matched, asked about (ambiguous), not found (unknown).
    pub fn lines(&self) -> [(&'static str, u64); 3] {
        let load = |i: usize| self.lines[i].load(std::sync::atomic::Ordering::Relaxed);
        [("matched", load(0)), ("ambiguous", load(1)), ("unknown", load(2))]
    }
}

/// What processing one message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub status: InboundStatus,
    pub decision: Option<Decision>,
}

/// Messages handled by one processing step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Handled(Processed),
    /// Another worker has it, or it was handled already.
    AlreadyHandled,
}

/// A reply or notice to queue once the transaction's facts are known.
struct Reply<'a> {
    to: &'a str,
    contact_id: Option<i64>,
    lang: &'a LangTag,
    channel: &'a str,
    kind: &'static str,
    message_id: &'static str,
    args: FluentArgs<'a>,
    order_id: Option<i64>,
}

impl Pipeline {
    /// Stores a webhook's message (skipping a known duplicate cheaply via Redis), then processes it. Processing
    /// errors are logged, not returned: the message is safe in the log and the sweeper will try again.
    pub async fn receive(&self, channel: &str, sms: &InboundSms) -> Result<Stored, sqlx::Error> {
        if let Some(redis) = &self.redis
            && redis.inbound_seen(channel, &sms.provider_message_id).await
        {
            return Ok(Stored::Duplicate);
        }
        let stored = store(&self.pool, channel, sms).await?;
        if let Some(redis) = &self.redis {
            redis.remember_inbound(channel, &sms.provider_message_id).await;
        }
        if let Stored::New(id) = stored {
            let job = Job { inbound_id: id, throttled: self.over_limit(&sms.sender).await };
            match self.processors.get() {
                // Queued: the provider hears 200 as soon as the message is stored; one processor per sender (by
                // hash) keeps each sender's messages in order. A full queue leaves the message to the sweeper.
                Some(queues) => {
                    let queue = &queues[sender_slot(&sms.sender, queues.len())];
                    if queue.try_send(job).is_err() {
                        tracing::warn!(inbound_id = id, "processing queue full; the sweeper will take it");
                    }
                }
                None => self.handle(job).await,
            }
        }
        Ok(stored)
    }

    async fn handle(&self, job: Job) {
        let handled = match job.throttled {
            Some(first) => self.throttle(job.inbound_id, first).await.map(|_| ()),
            None => self.process(job.inbound_id).await.map(|_| ()),
        };
        if let Err(e) = handled {
            tracing::error!(inbound_id = job.inbound_id, error = %e, "processing failed; the sweeper will retry");
        }
    }

    /// Starts `count` processors: from now on webhooks are acknowledged once stored, and processed by these in the
    /// background (each sender always by the same one, in order). Without them, a webhook is processed before it
    /// is acknowledged. Returns the tasks, which stop at `shutdown` (messages still queued stay `received` for the
    /// sweeper).
    pub fn start_processors(
        self: &Arc<Self>,
        count: usize,
        shutdown: CancellationToken,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        if count == 0 {
            return Vec::new();
        }
        let mut senders = Vec::with_capacity(count);
        let mut tasks = Vec::with_capacity(count);
        for _ in 0..count {
            let (tx, mut rx) = tokio::sync::mpsc::channel::<Job>(PROCESSING_QUEUE);
            senders.push(tx);
            let (this, shutdown) = (self.clone(), shutdown.clone());
            tasks.push(tokio::spawn(async move {
                loop {
                    let job = tokio::select! {
                        () = shutdown.cancelled() => break,
                        job = rx.recv() => match job { Some(job) => job, None => break },
                    };
                    this.handle(job).await;
                }
            }));
        }
        if self.processors.set(senders).is_err() {
            tracing::warn!("processors were already started");
        }
        tasks
    }

    /// Handles one stored message in one transaction.
    #[tracing::instrument(skip(self), fields(channel, sender))]
    pub async fn process(&self, inbound_id: i64) -> Result<Outcome, sqlx::Error> {
        let matcher = self.catalog.matcher(&self.pool, &self.lexicon).await?;
        let mut tx = self.pool.begin().await?;
        // The stored message is durable already (it was committed before the provider heard 200). If this
        // transaction's commit were lost in a crash, the message would still read `received` and be processed again
        // by the sweeper, so its commit need not wait for the disk — which keeps commits (and their outbox NOTIFY,
        // which Postgres serialises) short.
        sqlx::query!("set local synchronous_commit = off").execute(&mut *tx).await?;
        let Some(message) = sqlx::query!(
            r#"select channel, sender, body from inbound_messages
               where id = $1 and status = 'received' for no key update skip locked"#,
            inbound_id
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(Outcome::AlreadyHandled);
        };
        tracing::Span::current().record("channel", message.channel.as_str());
        tracing::Span::current().record("sender", mask_phone(&message.sender));

        let Ok(phone) = Msisdn::parse(&message.sender, self.default_country) else {
            // A short code or an alphanumeric sender id: never answer it (that is how SMS loops start).
            finish(&mut tx, inbound_id, InboundStatus::Ignored, None, None, Some("sender is not a phone number"))
                .await?;
            tx.commit().await?;
            return Ok(Outcome::Handled(Processed { status: InboundStatus::Ignored, decision: None }));
        };
        let contact = contacts::find_for_update(&mut tx, &phone).await?;
        let detected = self.lexicon.detect_language(&message.body).filter(|l| self.translator.supports(l.as_str()));
        let lang = contact
            .as_ref()
            .and_then(|c| c.lang.clone())
            .or_else(|| detected.clone())
            .unwrap_or_else(|| LangTag::parse(FALLBACK).expect("the fallback is a valid tag"));
        if let (Some(c), Some(found)) = (&contact, &detected)
            && c.lang.is_none()
        {
            contacts::set_lang(&mut tx, c.id, found).await?;
        }
        let reply_channel = self.channels.reply_channel(&message.channel);

        let (status, decision) = match &contact {
            Some(c) if c.role == Role::Operator => (InboundStatus::Ignored, None),
            _ => {
                let facts = self.sender_facts(&mut tx, contact.as_ref()).await?;
                let wholesaler = facts.wholesaler.clone();
                let sender = match facts.kind {
                    SenderKind::Wholesaler => Sender::Wholesaler { open_orders: &facts.open_orders },
                    SenderKind::Shop => Sender::Shop {
                        has_wholesaler: wholesaler.is_some(),
                        history: &facts.history,
                        pending: facts.pending,
                    },
                    SenderKind::Unregistered => Sender::Unregistered,
                };
                let decision = conversation::decide(&self.lexicon, &matcher, &sender, &message.body);
                let context = Context {
                    inbound_id: Some(inbound_id),
                    phone: &phone,
                    contact: contact.as_ref(),
                    lang: &lang,
                    reply_channel,
                    wholesaler: wholesaler.as_ref(),
                    matcher: &matcher,
                };
                let status = self.apply(&mut tx, &context, &decision).await?;
                (status, Some(decision))
            }
        };
        finish(&mut tx, inbound_id, status, contact.as_ref().map(|c| c.id), Some(&lang), None).await?;
        tx.commit().await?;
        if let Some(d) = &decision {
            self.outcomes.record(d);
        }
        tracing::info!(inbound_id, status = status.as_str(), "inbound message handled");
        Ok(Outcome::Handled(Processed { status, decision }))
    }

    /// Whether `sender` has sent more than its per-minute limit; `Some(true)` the first time in the window (the
    /// sender is told once). Without Redis the limit is not applied.
    async fn over_limit(&self, sender: &str) -> Option<bool> {
        let redis = self.redis.as_ref()?;
        let count = redis.count_in_window("sender", sender, 60).await?;
        if count <= u64::from(self.sender_limit_per_minute) {
            return None;
        }
        Some(redis.first_time("throttled", sender, 600).await)
    }

    /// Keeps a message from a number over its limit without acting on it; the first time, tells the number.
    async fn throttle(&self, inbound_id: i64, tell: bool) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let Some(message) = sqlx::query!(
            "select channel, sender from inbound_messages where id = $1 and status = 'received' for no key update skip locked",
            inbound_id
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(());
        };
        let note = format!("over {} messages a minute", self.sender_limit_per_minute);
        let phone = Msisdn::parse(&message.sender, self.default_country).ok();
        let contact = match &phone {
            Some(p) => contacts::find(&mut tx, p).await?,
            None => None,
        };
        if tell && let Some(phone) = &phone {
            let lang = contact.as_ref().map_or_else(|| LangTag::parse(FALLBACK).expect("valid"), contact_lang);
            let reply = Reply {
                to: phone.as_str(),
                contact_id: contact.as_ref().map(|c| c.id),
                lang: &lang,
                channel: self.channels.reply_channel(&message.channel),
                kind: "throttled",
                message_id: "too-many-messages",
                args: FluentArgs::new(),
                order_id: None,
            };
            self.queue(&mut tx, Some(inbound_id), reply).await?;
        }
        let contact_id = contact.as_ref().map(|c| c.id);
        finish(&mut tx, inbound_id, InboundStatus::Throttled, contact_id, None, Some(&note)).await?;
        tx.commit().await?;
        tracing::warn!(inbound_id, sender = %mask_phone(&message.sender), told = tell, "sender over its limit");
        Ok(())
    }

    /// Whether an automatic reply (help, "not understood", "not registered") may go to this number: one that keeps
    /// getting them is probably an auto-responder answering our replies, and the loop is cut after a few.
    async fn may_auto_reply(&self, phone: &Msisdn) -> bool {
        let Some(redis) = &self.redis else { return true };
        redis
            .count_in_window("auto-reply", phone.as_str(), AUTO_REPLY_WINDOW_SECS)
            .await
            .is_none_or(|n| n <= AUTO_REPLIES)
    }

    async fn sender_facts(&self, tx: &mut PgConnection, contact: Option<&Contact>) -> Result<SenderFacts, sqlx::Error> {
        let mut facts = SenderFacts::default();
        match contact {
            None => facts.kind = SenderKind::Unregistered,
            Some(c) if c.role == Role::Wholesaler => {
                facts.kind = SenderKind::Wholesaler;
                facts.open_orders = order_store::open_for_wholesaler(tx, c.id).await?;
            }
            Some(c) => {
                facts.kind = SenderKind::Shop;
                facts.wholesaler = contacts::primary_wholesaler(tx, c.id).await?;
                facts.history = order_store::history(tx, c.id, HISTORY_PRODUCTS).await?.into_iter().collect();
                facts.pending = order_store::pending_question(tx, c.id).await?.map(|q| PendingQuestion {
                    order_id: q.order_id,
                    question_id: q.id,
                    options: q.options.len(),
                });
            }
        }
        Ok(facts)
    }

    /// Applies a decision's effects inside the transaction and says how the message ended up.
    async fn apply(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        decision: &Decision,
    ) -> Result<InboundStatus, sqlx::Error> {
        let reply = |message_id: &'static str, kind: &'static str, args: FluentArgs<'static>| {
            ctx.reply(kind, message_id, args, None)
        };
        // Replies that answer anything at all are what two auto-responders trade forever: cut that off.
        let automatic = match decision {
            Decision::NotRegistered => Some(InboundStatus::Unregistered),
            Decision::NothingUnderstood | Decision::UnknownLanguage | Decision::WholesalerHelp => {
                Some(InboundStatus::Unparsed)
            }
            Decision::ShopHelp => Some(InboundStatus::Processed),
            _ => None,
        };
        if let Some(status) = automatic
            && !self.may_auto_reply(ctx.phone).await
        {
            tracing::warn!(inbound_id = ctx.inbound_id, sender = %ctx.phone.masked(), "possible SMS loop: no automatic reply");
            return Ok(status);
        }
        let status = match decision {
            Decision::NotRegistered => {
                self.queue(tx, ctx.inbound_id, reply("not-registered", "not_registered", FluentArgs::new())).await?;
                InboundStatus::Unregistered
            }
            Decision::OptOut => {
                outbox::opt_out(tx, ctx.phone.as_str(), ctx.inbound_id).await?;
                self.queue(tx, ctx.inbound_id, reply("stop-confirmed", "opt_out", FluentArgs::new())).await?;
                tracing::info!(inbound_id = ctx.inbound_id, "number opted out");
                InboundStatus::Processed
            }
            Decision::OptIn => {
                outbox::opt_in(tx, ctx.phone.as_str()).await?;
                self.queue(tx, ctx.inbound_id, reply("start-confirmed", "opt_in", FluentArgs::new())).await?;
                InboundStatus::Processed
            }
            Decision::SetLanguage { lang } => {
                if let Some(c) = ctx.contact {
                    contacts::set_lang(tx, c.id, lang).await?;
                }
                // The confirmation already speaks the new language.
                let mut r = reply("lang-set", "lang", FluentArgs::new());
                r.lang = lang;
                self.queue(tx, ctx.inbound_id, r).await?;
                InboundStatus::Processed
            }
            Decision::UnknownLanguage => {
                let mut args = FluentArgs::new();
                let names: Vec<String> = self
                    .lexicon
                    .languages
                    .iter()
                    .filter(|l| self.translator.supports(l.tag.as_str()))
                    .map(|l| l.tag.as_str().to_owned())
                    .collect();
                args.set("choices", names.join(", "));
                self.queue(tx, ctx.inbound_id, reply("lang-unknown", "lang", args)).await?;
                InboundStatus::Unparsed
            }
            Decision::ShopHelp => {
                self.queue(tx, ctx.inbound_id, reply("shop-help", "help", FluentArgs::new())).await?;
                InboundStatus::Processed
            }
            Decision::NothingUnderstood => {
                self.queue(tx, ctx.inbound_id, reply("nothing-understood", "help", FluentArgs::new())).await?;
                InboundStatus::Unparsed
            }
            Decision::NoWholesaler => {
                tracing::warn!(inbound_id = ctx.inbound_id, "order from a shop without a wholesaler");
                self.queue(tx, ctx.inbound_id, reply("no-wholesaler", "no_wholesaler", FluentArgs::new())).await?;
                InboundStatus::Processed
            }
            Decision::ShopStatus => {
                let shop_id = ctx.contact.map_or(0, |c| c.id);
                let recent = order_store::recent_for_shop(tx, shop_id, 3).await?;
                let r = if recent.is_empty() {
                    reply("no-orders", "status", FluentArgs::new())
                } else {
                    let listed: Vec<String> = recent
                        .iter()
                        .map(|(code, state)| format!("{code} {}", self.state_name(ctx.lang, *state)))
                        .collect();
                    let mut args = FluentArgs::new();
                    args.set("orders", listed.join("; "));
                    reply("order-status", "status", args)
                };
                self.queue(tx, ctx.inbound_id, r).await?;
                InboundStatus::Processed
            }
            Decision::PlaceOrder { lines, questions, unresolved } => {
                self.place_order(tx, ctx, lines, questions, unresolved).await?;
                InboundStatus::Processed
            }
            Decision::Answer { question, choice } => {
                self.answer_question(tx, ctx, *question, *choice).await?;
                InboundStatus::Processed
            }
            Decision::AskAgain { question } => {
                if let Some(row) = order_store::get_question(tx, question.question_id).await? {
                    self.ask_next(tx, ctx, row.order_id, Some(&row)).await?;
                }
                InboundStatus::Unparsed
            }
            Decision::ShopCancel { code } => {
                self.cancel_order(tx, ctx, code.as_deref()).await?;
                InboundStatus::Processed
            }
            Decision::ShopRepeat => {
                self.repeat_order(tx, ctx).await?;
                InboundStatus::Processed
            }
            Decision::WholesalerAnswer { order_id, action, .. } => {
                self.answer_order(tx, ctx, *order_id, action).await?;
                InboundStatus::Processed
            }
            Decision::WholesalerOrderNotWaiting { code, state, .. } => {
                let mut args = FluentArgs::new();
                args.set("code", code.to_string());
                args.set("state", self.state_name(ctx.lang, *state));
                self.queue(tx, ctx.inbound_id, reply("wholesaler-order-not-waiting", "wholesaler_help", args)).await?;
                InboundStatus::Processed
            }
            Decision::WholesalerBadLines { code, lines } => {
                let mut args = FluentArgs::new();
                args.set("code", code.to_string());
                args.set("lines", *lines);
                self.queue(tx, ctx.inbound_id, reply("wholesaler-bad-lines", "wholesaler_help", args)).await?;
                InboundStatus::Unparsed
            }
            Decision::WholesalerUnknownOrder { code } => {
                let wholesaler_id = ctx.contact.map_or(0, |c| c.id);
                let mut args = FluentArgs::new();
                args.set("code", code.clone());
                // A code of theirs that has moved on says so; anything else is not found.
                let message_id = match order_store::find_for_wholesaler(tx, wholesaler_id, code).await? {
                    Some((_, _, true)) => "wholesaler-order-moved",
                    Some((_, state, false)) => {
                        args.set("state", self.state_name(ctx.lang, state));
                        "wholesaler-order-not-waiting"
                    }
                    None => "wholesaler-unknown-order",
                };
                self.queue(tx, ctx.inbound_id, reply(message_id, "wholesaler_help", args)).await?;
                InboundStatus::Processed
            }
            Decision::WholesalerWhichOrder { codes } => {
                let mut args = FluentArgs::new();
                args.set("codes", codes.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "));
                args.set("example", codes.first().map(ToString::to_string).unwrap_or_default());
                self.queue(tx, ctx.inbound_id, reply("wholesaler-which-order", "wholesaler_help", args)).await?;
                InboundStatus::Processed
            }
            Decision::WholesalerNoOpenOrders => {
                self.queue(
                    tx,
                    ctx.inbound_id,
                    reply("wholesaler-no-open-orders", "wholesaler_help", FluentArgs::new()),
                )
                .await?;
                InboundStatus::Processed
            }
            Decision::WholesalerHelp => {
                self.queue(tx, ctx.inbound_id, reply("wholesaler-help", "wholesaler_help", FluentArgs::new())).await?;
                InboundStatus::Unparsed
            }
        };
        Ok(status)
    }

    async fn place_order(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        lines: &[DraftLine],
        questions: &[Question],
        unresolved: &[String],
    ) -> Result<(), sqlx::Error> {
        let (Some(shop), Some(wholesaler)) = (ctx.contact, ctx.wholesaler) else {
            return Ok(());
        };
        let new_lines: Vec<NewLine> = lines.iter().map(|l| new_line(ctx.matcher, l)).collect();
        if questions.is_empty() {
            let order =
                order_store::create(tx, shop.id, wholesaler.id, ctx.inbound_id, OrderState::Placed, &new_lines).await?;
            // Lines not found stay with the order (as skipped questions), so operators and stats see what was lost.
            let not_found: Vec<(String, Vec<QuestionOption>)> =
                unresolved.iter().map(|u| (u.clone(), Vec::new())).collect();
            order_store::add_questions(tx, order.id, &not_found).await?;
            return self.announce_placed(tx, ctx, order.id, &order.code, shop, wholesaler, unresolved).await;
        }
        // Some lines need the shop's choice: the order waits as a draft, one numbered question at a time.
        let order =
            order_store::create(tx, shop.id, wholesaler.id, ctx.inbound_id, OrderState::Draft, &new_lines).await?;
        let mut stored: Vec<(String, Vec<QuestionOption>)> = questions
            .iter()
            .map(|q| {
                let options = q
                    .options
                    .iter()
                    .map(|o| {
                        let l = new_line(ctx.matcher, o);
                        QuestionOption {
                            product_id: l.product_id,
                            sku: l.sku,
                            name: l.name,
                            packs: l.packs,
                            unit_price_paise: l.unit_price_paise,
                        }
                    })
                    .collect();
                (q.source_text.clone(), options)
            })
            .collect();
        stored.extend(unresolved.iter().map(|u| (u.clone(), Vec::new())));
        order_store::add_questions(tx, order.id, &stored).await?;
        tracing::info!(order_id = order.id, questions = questions.len(), "order waits for the shop's answers");
        self.ask_next(tx, ctx, order.id, None).await
    }

    /// Asks the next open question of a draft, or, when none is left, places the order (or drops it when no line
    /// is left). `again` re-asks a question the shop did not answer with a number.
    async fn ask_next(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        order_id: i64,
        again: Option<&QuestionRow>,
    ) -> Result<(), sqlx::Error> {
        let question = match again {
            Some(q) => Some(q.clone()),
            None => order_store::ask_next_question(tx, order_id).await?,
        };
        if let Some(q) = question {
            let options: Vec<String> =
                q.options.iter().enumerate().map(|(i, o)| format!("{} {} x{}", i + 1, o.name, o.packs)).collect();
            let mut args = FluentArgs::new();
            args.set("item", clip(&q.source_text, 30));
            args.set("options", options.join(", "));
            args.set("max", q.options.len());
            let message_id = if again.is_some() { "clarify-again" } else { "clarify-question" };
            let reply = Reply {
                to: ctx.phone.as_str(),
                contact_id: ctx.contact.map(|c| c.id),
                lang: ctx.lang,
                channel: ctx.reply_channel,
                kind: "clarify",
                message_id,
                args,
                order_id: Some(order_id),
            };
            return self.queue(tx, ctx.inbound_id, reply).await;
        }
        let (Some(shop), Some(wholesaler)) = (ctx.contact, ctx.wholesaler) else {
            return Ok(());
        };
        let (lines, _) = order_store::lines_and_total(tx, order_id).await?;
        let skipped = order_store::skipped_lines(tx, order_id).await?;
        let Some(parties) = order_store::parties(tx, order_id).await? else {
            return Ok(());
        };
        if lines.is_empty() {
            order_store::apply_event(
                tx,
                order_id,
                OrderEvent::Cancel,
                Actor::Shop(shop.id),
                ctx.inbound_id,
                no_details(),
            )
            .await
            .map_err(transition_to_db)?;
            let reply = ctx.reply("order_dropped", "order-dropped", FluentArgs::new(), Some(order_id));
            return self.queue(tx, ctx.inbound_id, reply).await;
        }
        order_store::apply_event(tx, order_id, OrderEvent::Place, Actor::Shop(shop.id), ctx.inbound_id, no_details())
            .await
            .map_err(transition_to_db)?;
        self.announce_placed(tx, ctx, order_id, &parties.code, shop, wholesaler, &skipped).await
    }

    /// Tells the wholesaler about a placed order (numbered lines and the code) and the shop that it was sent.
    #[allow(clippy::too_many_arguments)]
    async fn announce_placed(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        order_id: i64,
        code: &OrderCode,
        shop: &Contact,
        wholesaler: &Contact,
        skipped: &[String],
    ) -> Result<(), sqlx::Error> {
        let (lines, total) = order_store::lines_and_total(tx, order_id).await?;
        self.notify_wholesaler(tx, ctx.inbound_id, order_id, code, shop, wholesaler, ctx.lang).await?;

        let mut placed = FluentArgs::new();
        placed.set("code", code.to_string());
        placed.set("wholesaler", wholesaler.name.clone());
        placed.set("count", lines.len());
        placed.set("total", format_rupees(total));
        placed.set("skipped", skipped_summary(skipped));
        placed.set("skipped_count", skipped.len());
        self.queue(
            tx,
            ctx.inbound_id,
            Reply {
                to: shop.phone.as_str(),
                contact_id: Some(shop.id),
                lang: ctx.lang,
                channel: ctx.reply_channel,
                kind: "order_placed",
                message_id: "order-placed",
                args: placed,
                order_id: Some(order_id),
            },
        )
        .await?;
        tracing::info!(order_id, code = %code, lines = lines.len(), "order placed");
        Ok(())
    }

    /// Sends an order to its wholesaler: the code, the shop and the numbered lines, in as few segments as fit,
    /// split into numbered parts when one message would be too long (the reply instructions come last).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn notify_wholesaler(
        &self,
        tx: &mut PgConnection,
        inbound_id: Option<i64>,
        order_id: i64,
        code: &OrderCode,
        shop: &Contact,
        wholesaler: &Contact,
        fallback_lang: &LangTag,
    ) -> Result<(), sqlx::Error> {
        let (lines, _) = order_store::lines_and_total(tx, order_id).await?;
        let listed: Vec<String> =
            lines.iter().enumerate().map(|(i, (name, packs))| format!("{}. {name} x{packs}", i + 1)).collect();
        let lang = wholesaler.lang.clone().unwrap_or_else(|| fallback_lang.clone());
        for (message_id, body) in self.notice_parts(&lang, code, &shop.name, &listed) {
            let message = NewMessage {
                dlt: self.dlt.get(message_id, &lang).map(|t| (t.id.as_str(), t.header.as_str())),
                channel: self.channels.default_sender(),
                recipient: wholesaler.phone.as_str(),
                body,
                kind: "wholesaler_order",
                contact_id: Some(wholesaler.id),
                order_id: Some(order_id),
                inbound_message_id: inbound_id,
            };
            outbox::enqueue(tx, &message, self.max_attempts, self.max_sms_per_hour).await?;
        }
        Ok(())
    }

    /// The order notice as one message when it fits in [`NOTICE_SEGMENTS`] segments, else as parts that each do
    /// (lines are never cut; a part holds at least one line).
    pub fn notice_parts(
        &self,
        lang: &LangTag,
        code: &OrderCode,
        shop: &str,
        listed: &[String],
    ) -> Vec<(&'static str, String)> {
        let render = |id: &str, lines: &[String], part: usize, parts: usize| {
            let mut args = FluentArgs::new();
            args.set("code", code.to_string());
            args.set("shop", shop.to_owned());
            args.set("lines", lines.join("\n"));
            args.set("part", part);
            args.set("parts", parts);
            self.translator.render_sms(lang, id, &args)
        };
        let whole = render("wholesaler-order", listed, 1, 1);
        if sms::cost(&whole).segments <= NOTICE_SEGMENTS {
            return vec![("wholesaler-order", whole)];
        }
        // Pack lines greedily; the part count is not known until packed, so pack with a two-digit placeholder.
        let mut groups: Vec<Vec<String>> = vec![Vec::new()];
        for line in listed {
            let current = groups.last_mut().expect("one group at least");
            current.push(line.clone());
            let fits = sms::cost(&render("wholesaler-order-last", current, 99, 99)).segments <= NOTICE_SEGMENTS;
            if !fits && current.len() > 1 {
                let line = current.pop().expect("just pushed");
                groups.push(vec![line]);
            }
        }
        let parts = groups.len();
        groups
            .iter()
            .enumerate()
            .map(|(i, group)| {
                let id = if i + 1 == parts { "wholesaler-order-last" } else { "wholesaler-order-part" };
                (id, render(id, group, i + 1, parts))
            })
            .collect()
    }

    /// Records the shop's answer to a question and moves the draft on.
    async fn answer_question(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        question: PendingQuestion,
        choice: usize,
    ) -> Result<(), sqlx::Error> {
        let Some(row) = order_store::get_question(tx, question.question_id).await? else {
            return Ok(());
        };
        if !order_store::answer_question(tx, row.id, choice).await? {
            return Ok(());
        }
        if let Some(option) = choice.checked_sub(1).and_then(|i| row.options.get(i)) {
            let line = NewLine {
                product_id: option.product_id,
                sku: option.sku.clone(),
                name: option.name.clone(),
                packs: option.packs,
                unit_price_paise: option.unit_price_paise,
                source_text: row.source_text.clone(),
            };
            order_store::add_line(tx, row.order_id, &line).await?;
        }
        self.ask_next(tx, ctx, row.order_id, None).await
    }

    /// Applies a wholesaler's answer: the order moves, its lines are settled, the shop is told (with what will
    /// not come, and why), and the wholesaler gets a short acknowledgement.
    async fn answer_order(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        order_id: i64,
        action: &WholesalerAction,
    ) -> Result<(), sqlx::Error> {
        let wholesaler_id = ctx.contact.map_or(0, |c| c.id);
        let (event, details) = match action {
            WholesalerAction::Confirm => (OrderEvent::Confirm, no_details()),
            WholesalerAction::Reject { reason } => (OrderEvent::Reject, serde_json::json!({ "reason": reason })),
            WholesalerAction::Partial { refused } => {
                (OrderEvent::ConfirmPart, serde_json::json!({ "refused_lines": refused }))
            }
            WholesalerAction::Dispatch => (OrderEvent::Dispatch, no_details()),
        };
        let actor = Actor::Wholesaler(wholesaler_id);
        match order_store::apply_event(tx, order_id, event, actor, ctx.inbound_id, details).await {
            Ok(_) => {}
            // The order moved on since the wholesaler's orders were read (a cancel, a second answer, a re-route
            // racing this one): say where it stands now.
            Err(
                order_store::TransitionError::Illegal(_)
                | order_store::TransitionError::NotFound(_)
                | order_store::TransitionError::NotYours(_),
            ) => {
                let Some(parties) = order_store::parties(tx, order_id).await? else {
                    return Ok(());
                };
                let decision = match order_store::find_for_wholesaler(tx, wholesaler_id, parties.code.as_str()).await? {
                    Some((id, state, false)) => {
                        Decision::WholesalerOrderNotWaiting { order_id: id, code: parties.code.clone(), state }
                    }
                    _ => Decision::WholesalerUnknownOrder { code: parties.code.to_string() },
                };
                return Box::pin(self.apply(tx, ctx, &decision)).await.map(|_| ());
            }
            Err(order_store::TransitionError::Db(e)) => return Err(e),
        }
        let refused: Vec<i32> = match action {
            WholesalerAction::Confirm => Vec::new(),
            WholesalerAction::Partial { refused } => refused.iter().map(|n| *n as i32).collect(),
            WholesalerAction::Reject { .. } => {
                let (lines, _) = order_store::lines_and_total(tx, order_id).await?;
                (1..=lines.len() as i32).collect()
            }
            WholesalerAction::Dispatch => Vec::new(),
        };
        if !matches!(action, WholesalerAction::Dispatch) {
            order_store::settle_lines(tx, order_id, &refused).await?;
        }
        let Some(parties) = order_store::parties(tx, order_id).await? else {
            return Ok(());
        };
        let Some(shop) = contacts::get(tx, parties.shop_id).await? else {
            return Ok(());
        };
        let shop_lang = contact_lang(&shop);
        let mut to_shop = FluentArgs::new();
        to_shop.set("code", parties.code.to_string());
        to_shop.set("wholesaler", ctx.contact.map(|c| c.name.clone()).unwrap_or_default());
        let (kind, message_id) = match action {
            WholesalerAction::Confirm => ("order_confirmed", "order-confirmed"),
            WholesalerAction::Reject { reason: None } => ("order_rejected", "order-rejected"),
            WholesalerAction::Reject { reason: Some(reason) } => {
                to_shop.set("reason", clip(reason, 40));
                ("order_rejected", "order-rejected-reason")
            }
            WholesalerAction::Partial { refused } => {
                let (lines, total) = order_store::lines_and_total(tx, order_id).await?;
                let missing: Vec<String> = refused
                    .iter()
                    .filter_map(|n| lines.get((*n as usize).wrapping_sub(1)))
                    .map(|(name, _)| clip(name, 24))
                    .collect();
                to_shop.set("count", lines.len() - refused.len());
                to_shop.set("all", lines.len());
                to_shop.set("missing", missing.join(", "));
                to_shop.set("total", format_rupees(total));
                ("order_partly_confirmed", "order-partly-confirmed")
            }
            WholesalerAction::Dispatch => ("order_dispatched", "order-dispatched"),
        };
        self.queue(
            tx,
            ctx.inbound_id,
            Reply {
                to: shop.phone.as_str(),
                contact_id: Some(shop.id),
                lang: &shop_lang,
                channel: self.channels.default_sender(),
                kind,
                message_id,
                args: to_shop,
                order_id: Some(order_id),
            },
        )
        .await?;
        let mut ack = FluentArgs::new();
        ack.set("code", parties.code.to_string());
        ack.set("shop", shop.name.clone());
        let ack_id = match action {
            WholesalerAction::Confirm => "wholesaler-confirm-ack",
            WholesalerAction::Reject { .. } => "wholesaler-reject-ack",
            WholesalerAction::Partial { refused } => {
                ack.set("refused", refused.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "));
                "wholesaler-partial-ack"
            }
            WholesalerAction::Dispatch => "wholesaler-sent-ack",
        };
        self.queue(tx, ctx.inbound_id, ctx.reply("wholesaler_ack", ack_id, ack, Some(order_id))).await
    }

    /// CANCEL [code]: calls off the shop's order until it is dispatched, and tells its wholesaler.
    async fn cancel_order(
        &self,
        tx: &mut PgConnection,
        ctx: &Context<'_>,
        code: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let Some(shop) = ctx.contact else {
            return Ok(());
        };
        let reply = |message_id: &'static str, args: FluentArgs<'static>, order_id: Option<i64>| {
            ctx.reply("cancel", message_id, args, order_id)
        };
        let Some((order_id, order_code, _)) = order_store::find_for_shop(tx, shop.id, code).await? else {
            let mut args = FluentArgs::new();
            args.set("code", code.unwrap_or_default().to_owned());
            let message_id = if code.is_some() { "cancel-unknown-order" } else { "cancel-nothing-open" };
            return self.queue(tx, ctx.inbound_id, reply(message_id, args, None)).await;
        };
        let mut args = FluentArgs::new();
        args.set("code", order_code.to_string());
        let moved = order_store::apply_event(
            tx,
            order_id,
            OrderEvent::Cancel,
            Actor::Shop(shop.id),
            ctx.inbound_id,
            no_details(),
        )
        .await;
        let from = match moved {
            Ok((from, _)) => from,
            Err(order_store::TransitionError::Illegal(illegal)) => {
                args.set("state", self.state_name(ctx.lang, illegal.from));
                return self.queue(tx, ctx.inbound_id, reply("cancel-too-late", args, Some(order_id))).await;
            }
            Err(order_store::TransitionError::NotFound(_) | order_store::TransitionError::NotYours(_)) => {
                return self.queue(tx, ctx.inbound_id, reply("cancel-unknown-order", args, None)).await;
            }
            Err(order_store::TransitionError::Db(e)) => return Err(e),
        };
        self.queue(tx, ctx.inbound_id, reply("order-cancelled", args, Some(order_id))).await?;
        // A wholesaler who has the order (not a draft) is told not to send it.
        if from != OrderState::Draft
            && let Some(parties) = order_store::parties(tx, order_id).await?
            && let Some(wholesaler) = contacts::get(tx, parties.wholesaler_id).await?
        {
            let mut notice = FluentArgs::new();
            notice.set("code", order_code.to_string());
            notice.set("shop", shop.name.clone());
            let lang = contact_lang(&wholesaler);
            self.queue(
                tx,
                ctx.inbound_id,
                Reply {
                    to: wholesaler.phone.as_str(),
                    contact_id: Some(wholesaler.id),
                    lang: &lang,
                    channel: self.channels.default_sender(),
                    kind: "wholesaler_cancelled",
                    message_id: "wholesaler-order-cancelled",
                    args: notice,
                    order_id: Some(order_id),
                },
            )
            .await?;
        }
        tracing::info!(order_id, code = %order_code, "order cancelled by the shop");
        Ok(())
    }

    /// REPEAT: the shop's last order again, at today's catalog, to its wholesaler.
    async fn repeat_order(&self, tx: &mut PgConnection, ctx: &Context<'_>) -> Result<(), sqlx::Error> {
        let (Some(shop), Some(wholesaler)) = (ctx.contact, ctx.wholesaler) else {
            if ctx.contact.is_some() {
                let r = ctx.reply("no_wholesaler", "no-wholesaler", FluentArgs::new(), None);
                self.queue(tx, ctx.inbound_id, r).await?;
            }
            return Ok(());
        };
        let previous = order_store::last_order(tx, shop.id).await?.map(|(_, lines)| lines).unwrap_or_default();
        let mut lines = Vec::new();
        let mut gone = Vec::new();
        for (product_id, packs, source_text) in previous {
            match ctx.matcher.position_of(product_id) {
                Some(product) => lines.push(new_line(ctx.matcher, &DraftLine { product, packs, source_text })),
                None => gone.push(source_text),
            }
        }
        if lines.is_empty() {
            let r = ctx.reply("repeat", "repeat-nothing", FluentArgs::new(), None);
            return self.queue(tx, ctx.inbound_id, r).await;
        }
        let order = order_store::create(tx, shop.id, wholesaler.id, ctx.inbound_id, OrderState::Placed, &lines).await?;
        self.announce_placed(tx, ctx, order.id, &order.code, shop, wholesaler, &gone).await
    }

    fn state_name(&self, lang: &LangTag, state: OrderState) -> String {
        let id = format!("state-{}", state.as_str());
        self.translator.render(lang, &id, &FluentArgs::new())
    }

    async fn queue(&self, tx: &mut PgConnection, inbound_id: Option<i64>, reply: Reply<'_>) -> Result<(), sqlx::Error> {
        let body = self.translator.render_sms(reply.lang, reply.message_id, &reply.args);
        let dlt = self.dlt.get(reply.message_id, reply.lang).map(|t| (t.id.as_str(), t.header.as_str()));
        let message = NewMessage {
            dlt,
            channel: reply.channel,
            recipient: reply.to,
            body,
            kind: reply.kind,
            contact_id: reply.contact_id,
            order_id: reply.order_id,
            inbound_message_id: inbound_id,
        };
        outbox::enqueue(tx, &message, self.max_attempts, self.max_sms_per_hour).await?;
        Ok(())
    }

    /// Processes messages stored more than `older_than` ago and still unhandled (their first attempt crashed or
    /// failed). Returns how many it handled.
    pub async fn sweep(&self, older_than: Duration) -> Result<usize, sqlx::Error> {
        let ids = sqlx::query_scalar!(
            r#"select id from inbound_messages
               where status = 'received' and received_at < now() - make_interval(secs => $1::float8)
               order by received_at limit $2"#,
            older_than.as_secs_f64(),
            SWEEP_BATCH
        )
        .fetch_all(&self.pool)
        .await?;
        let mut handled = 0;
        for id in ids {
            if let Outcome::Handled(_) = self.process(id).await? {
                handled += 1;
            }
        }
        Ok(handled)
    }

    /// Sweeps every few seconds until `shutdown`.
    pub async fn run_sweeper(self: Arc<Self>, older_than: Duration, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            // A full batch means more are waiting (a processor died with a queue, or the queues overflowed).
            loop {
                match self.sweep(older_than).await {
                    Ok(0) => break,
                    Ok(n) => {
                        tracing::info!(handled = n, "sweeper handled stranded inbound messages");
                        if n < SWEEP_BATCH as usize || shutdown.is_cancelled() {
                            break;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "inbound sweep failed");
                        break;
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum SenderKind {
    #[default]
    Unregistered,
    Shop,
    Wholesaler,
}

/// What the conversation needs to know about the sender, loaded in the message's transaction.
#[derive(Default)]
struct SenderFacts {
    kind: SenderKind,
    open_orders: Vec<conversation::OpenOrder>,
    wholesaler: Option<Contact>,
    history: HashSet<i64>,
    pending: Option<PendingQuestion>,
}

/// The most segments one order notice may take before it is split into parts.
pub const NOTICE_SEGMENTS: u32 = 3;

/// One stored message to act on: process it, or (over its sender's limit) keep it aside, telling the sender if
/// `Some(true)`.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    inbound_id: i64,
    throttled: Option<bool>,
}

/// Stranded messages the sweeper takes at a time.
const SWEEP_BATCH: i64 = 100;

/// Messages one processor may have waiting before new ones are left to the sweeper.
const PROCESSING_QUEUE: usize = 20_000;

/// Which processor handles a sender's messages.
fn sender_slot(sender: &str, slots: usize) -> usize {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    sender.hash(&mut h);
    (h.finish() % slots as u64) as usize
}

/// Automatic replies one number may get in [`AUTO_REPLY_WINDOW_SECS`] before Mandi suspects an SMS loop.
const AUTO_REPLIES: u64 = 3;
const AUTO_REPLY_WINDOW_SECS: u64 = 600;

/// How many of a shop's past products lift the matcher.
const HISTORY_PRODUCTS: i64 = 200;

fn new_line(matcher: &Matcher, line: &DraftLine) -> NewLine {
    let p = matcher.product(line.product);
    NewLine {
        product_id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        packs: line.packs,
        unit_price_paise: p.price_paise,
        source_text: line.source_text.clone(),
    }
}

/// An event with nothing more to say.
fn no_details() -> serde_json::Value {
    serde_json::json!({})
}

/// The language a contact is written to in: theirs, else the fallback.
fn contact_lang(contact: &Contact) -> LangTag {
    contact.lang.clone().unwrap_or_else(|| LangTag::parse(FALLBACK).expect("the fallback is a valid tag"))
}

fn transition_to_db(e: order_store::TransitionError) -> sqlx::Error {
    match e {
        order_store::TransitionError::Db(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

/// At most `max` characters of a text, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push_str("...");
    s
}

struct Context<'a> {
    /// The message being handled; none for an order placed from a USSD menu.
    inbound_id: Option<i64>,
    phone: &'a Msisdn,
    contact: Option<&'a Contact>,
    lang: &'a LangTag,
    reply_channel: &'a str,
    wholesaler: Option<&'a Contact>,
    matcher: &'a Matcher,
}

impl Context<'_> {
    /// A message to the sender of the message being handled, in their language, on the channel it came in on.
    fn reply<'r>(
        &'r self,
        kind: &'static str,
        message_id: &'static str,
        args: FluentArgs<'r>,
        order_id: Option<i64>,
    ) -> Reply<'r> {
        Reply {
            to: self.phone.as_str(),
            contact_id: self.contact.map(|c| c.id),
            lang: self.lang,
            channel: self.reply_channel,
            kind,
            message_id,
            args,
            order_id,
        }
    }
}

/// Names the lines that were not understood, briefly enough for one SMS.
fn skipped_summary(unresolved: &[String]) -> String {
    let mut shown: Vec<String> = unresolved
        .iter()
        .take(3)
        .map(|t| {
            let mut s: String = t.chars().take(24).collect();
            if t.chars().count() > 24 {
                s.push_str("...");
            }
            s
        })
        .collect();
    if unresolved.len() > 3 {
        shown.push(format!("+{}", unresolved.len() - 3));
    }
    shown.join(", ")
}

async fn finish(
    tx: &mut PgConnection,
    id: i64,
    status: InboundStatus,
    contact_id: Option<i64>,
    lang: Option<&LangTag>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update inbound_messages set status = $2, contact_id = $3, lang = $4, note = $5, processed_at = now()
           where id = $1"#,
        id,
        status.as_str(),
        contact_id,
        lang.map(LangTag::as_str),
        note,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
