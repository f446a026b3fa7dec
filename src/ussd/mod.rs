//! USSD: the menu for shopkeepers who would rather press keys than type. A provider (Africa's Talking, or an
//! Indian aggregator through the generic channel) posts every key press with the whole input history; the answer
//! is one screen, `CON …` to continue or `END …` to finish.
//!
//! Session state (the screens the caller came through) lives in Redis under the provider's session id; the cart
//! lives under the caller's number, so a session the network drops can be resumed on the next dial, and an SMS
//! says how. Orders go through the same order service as SMS orders ([`Pipeline::place_from_menu`]), with the
//! session as the idempotency key.

pub mod menu;
pub mod session;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fluent_bundle::FluentArgs;
use tokio_util::sync::CancellationToken;

use self::menu::{CatalogView, Frame, MenuData, Page, Screen, Step};
use self::session::{Cart, Session, SessionStore};
use crate::catalog::{Matcher, format_rupees};
use crate::channels::UssdRequest;
use crate::config::UssdSettings;
use crate::contacts::{Contact, Role};
use crate::domain::{LangTag, Msisdn, mask_phone};
use crate::i18n::FALLBACK;
use crate::inbound::{MenuLines, MenuOrder, Pipeline};

/// One screen's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UssdReply {
    /// The caller is asked for more input.
    Continue(String),
    /// The session ends with this screen.
    End(String),
}

impl UssdReply {
    /// The body the provider expects: `CON text` or `END text`.
    pub fn body(&self) -> String {
        match self {
            Self::Continue(text) => format!("CON {text}"),
            Self::End(text) => format!("END {text}"),
        }
    }
}

/// A one-line word above the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    Invalid,
    Restarted,
    CartEmptied,
    LanguageSet,
}

impl Notice {
    fn message_id(self) -> &'static str {
        match self {
            Self::Invalid => "ussd-invalid",
            Self::Restarted => "ussd-restarted",
            Self::CartEmptied => "ussd-cart-emptied",
            Self::LanguageSet => "lang-set",
        }
    }
}

/// The USSD service: reads key presses, keeps sessions and carts, renders screens.
pub struct Ussd {
    pipeline: Arc<Pipeline>,
    store: SessionStore,
    settings: UssdSettings,
    /// The catalog as lists, rebuilt when the matcher is.
    view: Mutex<Option<(Arc<Matcher>, Arc<CatalogView>)>>,
}

/// What one request is working on.
struct Call<'a> {
    key: String,
    phone: &'a Msisdn,
    shop: &'a Contact,
    lang: LangTag,
    matcher: Arc<Matcher>,
    view: Arc<CatalogView>,
    languages: Vec<LangTag>,
}

impl Ussd {
    pub fn new(pipeline: Arc<Pipeline>, settings: UssdSettings) -> Self {
        let store = SessionStore::new(pipeline.redis.clone());
        Self { pipeline, store, settings, view: Mutex::new(None) }
    }

    pub fn store(&self) -> &SessionStore {
        &self.store
    }

    /// Answers one USSD request, always with a screen: errors and slowness end the session with "please try
    /// again" in the caller's language (and are logged); nothing half-done is committed.
    pub async fn answer(&self, channel: &str, request: &UssdRequest) -> UssdReply {
        let started = Instant::now();
        let limit = self.settings.reply_timeout;
        let fallback = LangTag::parse(FALLBACK).expect("the fallback is a valid tag");
        let Ok(phone) = Msisdn::parse(&request.phone, self.pipeline.default_country) else {
            return UssdReply::End(self.text(&fallback, "not-registered", &FluentArgs::new()));
        };
        let contact = match tokio::time::timeout(limit, self.pipeline.contact(&phone)).await {
            Ok(Ok(contact)) => contact,
            Ok(Err(e)) => {
                tracing::error!(error = %e, caller = %phone.masked(), "USSD: cannot look up the caller");
                return self.try_again(&fallback);
            }
            Err(_) => {
                tracing::error!(caller = %phone.masked(), "USSD: looking up the caller took too long");
                return self.try_again(&fallback);
            }
        };
        let lang = contact
            .as_ref()
            .and_then(|c| c.lang.clone())
            .filter(|l| self.pipeline.translator.supports(l.as_str()))
            .unwrap_or(fallback);
        let Some(shop) = contact else {
            return UssdReply::End(self.text(&lang, "not-registered", &FluentArgs::new()));
        };
        if shop.role != Role::Shopkeeper {
            return UssdReply::End(self.text(&lang, "ussd-not-a-shop", &FluentArgs::new()));
        }
        let remaining = limit.saturating_sub(started.elapsed());
        match tokio::time::timeout(remaining, self.handle(channel, request, &phone, &shop, lang.clone())).await {
            Ok(Ok(reply)) => reply,
            Ok(Err(e)) => {
                tracing::error!(error = %e, caller = %phone.masked(), "USSD request failed");
                self.try_again(&lang)
            }
            Err(_) => {
                tracing::error!(caller = %phone.masked(), limit_ms = limit.as_millis() as u64, "USSD screen took too long");
                self.try_again(&lang)
            }
        }
    }

    fn try_again(&self, lang: &LangTag) -> UssdReply {
        UssdReply::End(self.text(lang, "ussd-try-again", &FluentArgs::new()))
    }

    async fn handle(
        &self,
        channel: &str,
        request: &UssdRequest,
        phone: &Msisdn,
        shop: &Contact,
        lang: LangTag,
    ) -> anyhow::Result<UssdReply> {
        let key = format!("{channel}:{}", request.session_id);
        let inputs: Vec<String> =
            if request.text.is_empty() { Vec::new() } else { request.text.split('*').map(str::to_owned).collect() };
        let stored = self.store.session(&key).await?;
        let mut cart = self.store.cart(phone.as_str()).await?;
        let matcher = self.pipeline.catalog.matcher(&self.pipeline.pool, &self.pipeline.lexicon).await?;
        let view = self.view_of(&matcher);
        let mut call = Call { key, phone, shop, lang, matcher, view, languages: self.languages() };
        let root = || Frame::new(if cart.lines.is_empty() { Screen::Main } else { Screen::Resume });
        let mut notice = None;
        let (mut session, new_inputs) = match stored {
            Some(Session { ended: Some(end), .. }) => return Ok(UssdReply::End(end)),
            Some(s) if inputs.starts_with(&s.history) && !s.stack.is_empty() => {
                let new_inputs = inputs[s.history.len()..].to_vec();
                (s, new_inputs)
            }
            // A late copy of an earlier request: nothing new to do; the screen stays where the caller is.
            Some(s) if s.history.starts_with(&inputs) && !s.stack.is_empty() => (s, Vec::new()),
            // A session we do not know (expired, or never seen) that already has inputs: start again cleanly.
            _ if !inputs.is_empty() => {
                notice = Some(Notice::Restarted);
                (Session { history: inputs.clone(), stack: vec![root()], ended: None }, Vec::new())
            }
            _ => (Session { history: Vec::new(), stack: vec![root()], ended: None }, Vec::new()),
        };

        // Each input is read against the screen the caller saw: the stored one for the first input; for more
        // inputs in one request (a provider that batches them), the screen as it would have been shown.
        for (i, input) in new_inputs.into_iter().enumerate() {
            if i > 0 {
                self.lay_out(&call, &mut session, &cart, notice).await?;
            }
            session.history.push(input.clone());
            notice = None;
            let top = session.stack.last().expect("a session always has a screen");
            let data = MenuData {
                catalog: &call.view,
                matcher: &call.matcher,
                cart_lines: cart.lines.len(),
                languages: call.languages.len(),
            };
            let step = menu::step(top, &input, &data);
            match step {
                Step::Push(screen) => session.stack.push(Frame::new(screen)),
                Step::Replace(screen) => {
                    session.stack.pop();
                    session.stack.push(Frame::new(screen));
                }
                Step::Back if session.stack.len() > 1 => {
                    session.stack.pop();
                }
                Step::Back | Step::Invalid => notice = Some(Notice::Invalid),
                Step::BackToCategories => {
                    while session.stack.len() > 1
                        && !matches!(session.stack.last().map(|f| &f.screen), Some(Screen::Categories { .. }))
                    {
                        session.stack.pop();
                    }
                    if session.stack.len() == 1 {
                        session.stack = vec![Frame::new(Screen::Main), Frame::new(Screen::Categories { start: 0 })];
                    }
                }
                Step::ResumeCart => {
                    session.stack = vec![Frame::new(Screen::Main), Frame::new(Screen::Review { start: 0 })];
                }
                Step::DiscardCart => {
                    cart.lines.clear();
                    session.stack = vec![Frame::new(Screen::Main)];
                }
                Step::AddToCart { product_id, packs } => {
                    cart.add(product_id, packs);
                    cart.dial = request.service_code.clone();
                    cart.channel = channel.to_owned();
                    session.stack.pop();
                    session.stack.push(Frame::new(Screen::Added { product_id, packs }));
                }
                Step::EmptyCart => {
                    cart.lines.clear();
                    session.stack = vec![Frame::new(Screen::Main)];
                    notice = Some(Notice::CartEmptied);
                }
                Step::PlaceCart | Step::PlaceRepeat => {
                    let from_cart = step == Step::PlaceCart;
                    let lines = if from_cart { MenuLines::Cart(&cart.lines) } else { MenuLines::Repeat };
                    let placed = self.pipeline.place_from_menu(&call.key, phone, channel, lines).await?;
                    let end = match placed {
                        MenuOrder::Placed { code, wholesaler, total_paise } => {
                            if from_cart {
                                cart.lines.clear();
                            }
                            let mut args = FluentArgs::new();
                            args.set("code", code.to_string());
                            args.set("wholesaler", menu::clip(&wholesaler, 20));
                            args.set("total", format_rupees(total_paise));
                            tracing::info!(caller = %phone.masked(), code = %code, "order placed from the USSD menu");
                            self.text(&call.lang, "ussd-ordered", &args)
                        }
                        MenuOrder::NothingToOrder => {
                            if from_cart {
                                cart.lines.clear();
                                session.stack = vec![Frame::new(Screen::Main)];
                            }
                            notice = Some(Notice::Invalid);
                            continue;
                        }
                        MenuOrder::NoWholesaler => self.text(&call.lang, "no-wholesaler", &FluentArgs::new()),
                        MenuOrder::NotAShop => self.text(&call.lang, "ussd-not-a-shop", &FluentArgs::new()),
                    };
                    return Ok(self.finish(&call, session, &cart, end).await);
                }
                Step::SetLanguage(i) => {
                    let chosen = call.languages[i].clone();
                    self.pipeline.set_language(phone, &chosen).await?;
                    call.lang = chosen;
                    session.stack = vec![Frame::new(Screen::Main)];
                    notice = Some(Notice::LanguageSet);
                }
            }
        }

        let text = self.lay_out(&call, &mut session, &cart, notice).await?;
        self.store.save_session(&call.key, &session, self.settings.session_ttl).await?;
        self.store.save_cart(phone.as_str(), &cart, self.settings.cart_ttl, unix_now()).await?;
        Ok(UssdReply::Continue(text))
    }

    /// Renders the top screen and records what it shows (what the caller's next number refers to).
    async fn lay_out(
        &self,
        call: &Call<'_>,
        session: &mut Session,
        cart: &Cart,
        notice: Option<Notice>,
    ) -> anyhow::Result<String> {
        let back = session.stack.len() > 1;
        let frame = session.stack.last_mut().expect("a session always has a screen");
        let (text, shown, more) = self.render(call, &frame.screen, cart, notice, back).await?;
        frame.shown = shown;
        frame.more = more;
        Ok(text)
    }

    /// Ends the session with `end`. The order (if any) is committed already, so a Redis failure here is logged,
    /// not shown: a retried request would find the order by its session and end the same way.
    async fn finish(&self, call: &Call<'_>, mut session: Session, cart: &Cart, end: String) -> UssdReply {
        let end = menu::clamp(&end);
        session.ended = Some(end.clone());
        if let Err(e) = self.store.save_session(&call.key, &session, self.settings.session_ttl).await {
            tracing::warn!(error = %e, "could not record the end of a USSD session");
        }
        if let Err(e) = self.store.save_cart(call.phone.as_str(), cart, self.settings.cart_ttl, unix_now()).await {
            tracing::warn!(error = %e, "could not update a USSD cart after the order");
        }
        UssdReply::End(end)
    }

    /// The screen `screen` as text, with how many list entries it shows and whether more follow.
    async fn render(
        &self,
        call: &Call<'_>,
        screen: &Screen,
        cart: &Cart,
        notice: Option<Notice>,
        back: bool,
    ) -> anyhow::Result<(String, usize, bool)> {
        let lang = &call.lang;
        let none = FluentArgs::new();
        let mut above: Vec<String> = notice.map(|n| self.text(lang, n.message_id(), &none)).into_iter().collect();
        let mut below: Vec<String> = Vec::new();
        let mut entries: Vec<String> = Vec::new();
        let mut numbered = true;
        let mut start = 0;
        let matcher = &call.matcher;
        let price = |paise: i64| self.money(lang, paise);
        match screen {
            Screen::Resume => {
                let (count, total) = cart_summary(matcher, cart);
                let mut args = FluentArgs::new();
                args.set("count", count);
                args.set("total", format_rupees(total));
                above.push(self.text(lang, "ussd-resume", &args));
            }
            Screen::Main => {
                above.push(self.text(lang, "ussd-main", &none));
                if !cart.lines.is_empty() {
                    let mut args = FluentArgs::new();
                    args.set("count", cart.lines.len());
                    above.push(self.text(lang, "ussd-main-cart", &args));
                }
            }
            Screen::Reorder => match self.pipeline.last_order(call.shop.id).await? {
                Some((code, lines)) if lines.iter().any(|(id, _)| matcher.position_of(*id).is_some()) => {
                    let known: Vec<(String, i64)> = lines
                        .iter()
                        .filter_map(|(id, packs)| {
                            let p = matcher.product(matcher.position_of(*id)?);
                            Some((format!("{} x{packs}", menu::clip(&p.name, 18)), p.price_paise * packs))
                        })
                        .collect();
                    let total: i64 = known.iter().map(|(_, paise)| paise).sum();
                    // As many lines as fit, then "+n" for the rest.
                    let text_with = |k: usize| {
                        let mut items: Vec<String> = known.iter().take(k).map(|(l, _)| l.clone()).collect();
                        if k < known.len() {
                            items.push(format!("+{}", known.len() - k));
                        }
                        let mut args = FluentArgs::new();
                        args.set("code", code.to_string());
                        args.set("items", items.join(", "));
                        args.set("total", format_rupees(total));
                        self.text(lang, "ussd-reorder", &args)
                    };
                    let mut chosen = text_with(1);
                    for k in 2..=known.len() {
                        let candidate = text_with(k);
                        let mut lines = above.clone();
                        lines.push(candidate.clone());
                        lines.push(self.text(lang, "ussd-back", &none));
                        if !menu::fits(&lines.join("\n")) {
                            break;
                        }
                        chosen = candidate;
                    }
                    above.push(chosen);
                }
                _ => above.push(self.text(lang, "ussd-reorder-none", &none)),
            },
            Screen::Orders { start: s } => {
                start = *s;
                numbered = false;
                let orders = self.pipeline.recent_orders(call.shop.id, 30).await?;
                if orders.is_empty() {
                    above.push(self.text(lang, "ussd-orders-none", &none));
                } else {
                    above.push(self.text(lang, "ussd-orders", &none));
                    entries = orders
                        .iter()
                        .map(|(code, state)| {
                            format!("{code} {}", self.text(lang, &format!("state-{}", state.as_str()), &none))
                        })
                        .collect();
                }
            }
            Screen::Categories { start: s } => {
                start = *s;
                above.push(self.text(lang, "ussd-categories", &none));
                entries = call.view.categories.iter().map(|(name, _)| menu::category_line(name)).collect();
            }
            Screen::Products { category, start: s } => {
                start = *s;
                let mut args = FluentArgs::new();
                args.set("category", menu::clip(category, 20));
                above.push(self.text(lang, "ussd-products", &args));
                entries = call
                    .view
                    .products(category)
                    .iter()
                    .map(|i| {
                        let p = matcher.product(*i);
                        menu::product_line(&p.name, &price(p.price_paise))
                    })
                    .collect();
            }
            Screen::Quantity { product_id } => match matcher.position_of(*product_id) {
                Some(i) => {
                    let p = matcher.product(i);
                    above.push(self.shrink(lang, &above, back, |max| {
                        let mut args = FluentArgs::new();
                        args.set("product", menu::clip(&p.name, max));
                        args.set("price", format_rupees(p.price_paise));
                        self.text(lang, "ussd-quantity", &args)
                    }));
                }
                None => above.push(self.text(lang, "ussd-invalid", &none)),
            },
            Screen::Added { product_id, packs } => {
                let name =
                    matcher.position_of(*product_id).map(|i| matcher.product(i).name.clone()).unwrap_or_default();
                let (count, total) = cart_summary(matcher, cart);
                above.push(self.shrink(lang, &above, back, |max| {
                    let mut args = FluentArgs::new();
                    args.set("product", menu::clip(&name, max));
                    args.set("packs", *packs);
                    args.set("count", count);
                    args.set("total", format_rupees(total));
                    self.text(lang, "ussd-added", &args)
                }));
            }
            Screen::Review { start: s } => {
                start = *s;
                numbered = false;
                let (_, total) = cart_summary(matcher, cart);
                let mut args = FluentArgs::new();
                args.set("total", format_rupees(total));
                above.push(self.text(lang, "ussd-review", &args));
                entries = cart
                    .lines
                    .iter()
                    .filter_map(|(id, packs)| {
                        let p = matcher.product(matcher.position_of(*id)?);
                        Some(format!("{} x{packs}", menu::clip(&p.name, 22)))
                    })
                    .collect();
                below.push(self.text(lang, "ussd-review-actions", &none));
            }
            Screen::Language { start: s } => {
                start = *s;
                above.push(self.text(lang, "ussd-language", &none));
                entries = call.languages.iter().map(|l| self.text(l, "ussd-lang-name", &none)).collect();
            }
        }
        // Catalog names may hold what GSM-7 lacks (`₹`, curly quotes): stand-ins where the locale allows them.
        let rupee_as_rs = self.pipeline.translator.rupee_as_rs(lang);
        let plain_entries: Vec<String> = entries.iter().map(|e| crate::sms::fit_gsm7(e, true)).collect();
        let entries: Vec<String> = entries.iter().map(|e| crate::sms::fit_gsm7(e, rupee_as_rs)).collect();
        let next = self.text(lang, "ussd-next", &none);
        let back_label = self.text(lang, "ussd-back", &none);
        let plain_next = self.text(lang, "ussd-next-plain", &none);
        let plain_back = self.text(lang, "ussd-back-plain", &none);
        let page = Page {
            above: &above,
            entries: &entries,
            start,
            numbered,
            below: &below,
            next: &next,
            back: back.then_some(back_label.as_str()),
            plain_next: &plain_next,
            plain_back: Some(plain_back.as_str()),
            plain_entries: &plain_entries,
        };
        let (text, shown) = page.render();
        Ok((text, shown, start + shown < entries.len()))
    }

    /// The longest rendering of a message with a product name that still fits under `above` with "00 Back".
    fn shrink(&self, lang: &LangTag, above: &[String], back: bool, render: impl Fn(usize) -> String) -> String {
        let back_line = if back { self.text(lang, "ussd-back", &FluentArgs::new()) } else { String::new() };
        for max in [40, 30, 24, 18, 12, 8] {
            let text = render(max);
            let mut lines = above.to_vec();
            lines.push(text.clone());
            lines.push(back_line.clone());
            if menu::fits(lines.join("\n").trim_end()) {
                return text;
            }
        }
        render(6)
    }

    /// A message in `lang` as a screen line: GSM-7 stand-ins where the locale allows them.
    fn text(&self, lang: &LangTag, id: &str, args: &FluentArgs<'_>) -> String {
        self.pipeline.translator.render_sms(lang, id, args)
    }

    /// A price as the locale writes it on a screen (`₹305`, or `Rs305` where the locale keeps to GSM-7).
    fn money(&self, lang: &LangTag, paise: i64) -> String {
        crate::sms::fit_gsm7(&format!("₹{}", format_rupees(paise)), self.pipeline.translator.rupee_as_rs(lang))
    }

    /// The languages a caller can choose: the fallback language first, then the others in the grammars' order.
    fn languages(&self) -> Vec<LangTag> {
        let mut tags: Vec<LangTag> = self
            .pipeline
            .lexicon
            .languages
            .iter()
            .filter(|l| self.pipeline.translator.supports(l.tag.as_str()))
            .map(|l| l.tag.clone())
            .collect();
        tags.sort_by_key(|t| t.as_str() != FALLBACK);
        tags
    }

    fn view_of(&self, matcher: &Arc<Matcher>) -> Arc<CatalogView> {
        let mut cached = self.view.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((m, view)) = cached.as_ref()
            && Arc::ptr_eq(m, matcher)
        {
            return view.clone();
        }
        let view = Arc::new(CatalogView::new(matcher));
        *cached = Some((matcher.clone(), view.clone()));
        view
    }

    /// Sends one SMS to each caller whose cart has waited `cart_sms_after` without input, saying how to come
    /// back to it (once per cart). Returns how many were told.
    pub async fn tell_idle_carts(&self, now_secs: i64) -> anyhow::Result<usize> {
        let Some(after) = self.settings.cart_sms_after else {
            return Ok(0);
        };
        let idle = self.store.idle_carts(now_secs - after.as_secs() as i64, 100).await?;
        let mut told = 0;
        for phone in idle {
            if !self.store.claim_idle(&phone).await? {
                continue;
            }
            let cart = self.store.cart(&phone).await?;
            if cart.lines.is_empty() || !self.store.mark_told(&phone, self.settings.cart_ttl).await? {
                continue;
            }
            let Some(contact) = self.pipeline.contact(&Msisdn::from_stored(phone.clone())).await? else {
                continue;
            };
            let matcher = self.pipeline.catalog.matcher(&self.pipeline.pool, &self.pipeline.lexicon).await?;
            let (count, total) = cart_summary(&matcher, &cart);
            let mut args = FluentArgs::new();
            args.set("count", count);
            args.set("total", format_rupees(total));
            args.set("dial", if cart.dial.is_empty() { "USSD".to_owned() } else { cart.dial.clone() });
            self.pipeline.notify(&contact, &cart.channel, "ussd_cart", "cart-saved", args).await?;
            tracing::info!(caller = %mask_phone(&phone), "told a caller how to resume a USSD cart");
            told += 1;
        }
        Ok(told)
    }

    /// Runs [`Ussd::tell_idle_carts`] every few seconds until `shutdown`.
    pub async fn run_cart_notices(self: Arc<Self>, shutdown: CancellationToken) {
        let Some(after) = self.settings.cart_sms_after else {
            return;
        };
        let mut tick = tokio::time::interval((after / 4).clamp(Duration::from_secs(1), Duration::from_secs(15)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            match self.tell_idle_carts(unix_now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(told = n, "USSD cart reminders queued"),
                Err(e) => tracing::debug!(error = %e, "USSD cart reminders skipped"),
            }
        }
    }
}

/// Lines and total of a cart at today's prices (products no longer sold are left out).
fn cart_summary(matcher: &Matcher, cart: &Cart) -> (usize, i64) {
    let known: Vec<i64> = cart
        .lines
        .iter()
        .filter_map(|(id, packs)| matcher.position_of(*id).map(|i| matcher.product(i).price_paise * packs))
        .collect();
    (known.len(), known.iter().sum())
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
