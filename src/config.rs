//! Typed settings from flags and `MANDI_*` environment variables. Secrets are held as [`SecretString`] and never
//! printed: `Debug` on these types redacts them.

use std::net::SocketAddr;
use std::time::Duration;

use phonenumber::country;
use secrecy::SecretString;

use crate::channels::africastalking::AfricasTalkingSettings;
use crate::channels::msg91::Msg91Settings;
use crate::channels::plivo::PlivoSettings;
use crate::channels::textlocal::TextlocalSettings;
use crate::domain::parse_country;

pub const DEFAULT_DATABASE_URL: &str = "postgres://localhost:5432/mandi";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_TWILIO_BASE_URL: &str = "https://api.twilio.com";

/// Where the database is. Shared by every command that touches it.
#[derive(clap::Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Postgres connection URL; the database is created if missing and migrated on start.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,
}

/// How numbers without a country code are read.
#[derive(clap::Args, Debug, Clone)]
pub struct RegionArgs {
    /// Country for phone numbers typed without a country code (ISO 3166 alpha-2).
    #[arg(long, env = "MANDI_DEFAULT_COUNTRY", default_value = "IN", value_parser = parse_country)]
    pub default_country: country::Id,
}

/// Everything the gateway process needs beyond the database.
#[derive(clap::Args, Debug, Clone)]
pub struct GatewayArgs {
    /// Address the HTTP server listens on.
    #[arg(long, env = "MANDI_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// The URL providers use to reach this gateway (scheme, host, optional port and path prefix). Twilio signs the
    /// public URL, so behind a proxy this must be the outside address.
    #[arg(long, env = "MANDI_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Redis URL (USSD sessions, rate limits, duplicate pre-checks). The gateway keeps taking SMS if it is down.
    #[arg(long, env = "REDIS_URL", default_value = DEFAULT_REDIS_URL, hide_env_values = true)]
    pub redis_url: String,

    /// Prefix for every Redis key, so several deployments can share one Redis.
    #[arg(long, env = "MANDI_REDIS_PREFIX", default_value = "mandi")]
    pub redis_prefix: String,

    /// Shared secret of the generic JSON channel (`POST /sms/generic`); the channel is enabled when set.
    #[arg(long, env = "MANDI_GENERIC_SECRET", hide_env_values = true)]
    pub generic_secret: Option<SecretString>,

    /// Where the generic channel sends: Mandi POSTs {"id","to","text","dlt_template_id","sender_header"}, signed like
    /// inbound webhooks, and expects 2xx with {"id": "<your message id>"}. Without it the channel only receives.
    #[arg(long, env = "MANDI_GENERIC_SEND_URL")]
    pub generic_send_url: Option<String>,

    /// Twilio account SID (`AC…`), needed to send through Twilio.
    #[arg(long, env = "MANDI_TWILIO_ACCOUNT_SID")]
    pub twilio_account_sid: Option<String>,

    /// Twilio auth token; the Twilio channel is enabled when set.
    #[arg(long, env = "MANDI_TWILIO_AUTH_TOKEN", hide_env_values = true)]
    pub twilio_auth_token: Option<SecretString>,

    /// The Twilio number (E.164) or sender id that outbound SMS come from.
    #[arg(long, env = "MANDI_TWILIO_FROM")]
    pub twilio_from: Option<String>,

    /// Base URL of Twilio's REST API (override for tests and proxies).
    #[arg(long, env = "MANDI_TWILIO_BASE_URL", default_value = DEFAULT_TWILIO_BASE_URL)]
    pub twilio_base_url: String,

    /// Channel that sends messages not tied to an inbound channel that can reply (wholesaler notices, replies to
    /// the generic channel). Default: twilio when configured, else console.
    #[arg(long, env = "MANDI_OUTBOUND_CHANNEL")]
    pub outbound_channel: Option<String>,

    /// How many attempts an outbound SMS gets before it is marked failed.
    #[arg(long, env = "MANDI_OUTBOX_MAX_ATTEMPTS", default_value_t = 10)]
    pub outbox_max_attempts: u32,

    /// How many outbound messages one worker claims at a time.
    #[arg(long, env = "MANDI_OUTBOX_BATCH", default_value_t = 32)]
    pub outbox_batch: u32,

    /// Africa's Talking API key; the africastalking channel is enabled when set.
    #[arg(long, env = "MANDI_AT_API_KEY", hide_env_values = true)]
    pub at_api_key: Option<SecretString>,

    /// Africa's Talking application username (`sandbox` in the sandbox).
    #[arg(long, env = "MANDI_AT_USERNAME")]
    pub at_username: Option<String>,

    /// Africa's Talking short code or sender id outbound SMS come from (left out on shared short codes).
    #[arg(long, env = "MANDI_AT_FROM")]
    pub at_from: Option<String>,

    /// Base URL of Africa's Talking's API.
    #[arg(long, env = "MANDI_AT_BASE_URL", default_value = "https://api.africastalking.com")]
    pub at_base_url: String,

    /// Secret that Africa's Talking callbacks carry as ?token=… (AT does not sign its webhooks).
    #[arg(long, env = "MANDI_AT_WEBHOOK_TOKEN", hide_env_values = true)]
    pub at_webhook_token: Option<SecretString>,

    /// Plivo auth token; the plivo channel is enabled when set (it also verifies Plivo's V3 signatures).
    #[arg(long, env = "MANDI_PLIVO_AUTH_TOKEN", hide_env_values = true)]
    pub plivo_auth_token: Option<SecretString>,

    /// Plivo auth id.
    #[arg(long, env = "MANDI_PLIVO_AUTH_ID")]
    pub plivo_auth_id: Option<String>,

    /// The Plivo number or sender id outbound SMS come from.
    #[arg(long, env = "MANDI_PLIVO_FROM")]
    pub plivo_from: Option<String>,

    /// Base URL of Plivo's API.
    #[arg(long, env = "MANDI_PLIVO_BASE_URL", default_value = "https://api.plivo.com")]
    pub plivo_base_url: String,

    /// MSG91 auth key; the msg91 channel is enabled when set.
    #[arg(long, env = "MANDI_MSG91_AUTH_KEY", hide_env_values = true)]
    pub msg91_auth_key: Option<SecretString>,

    /// MSG91 sender: the registered six-character DLT header.
    #[arg(long, env = "MANDI_MSG91_SENDER")]
    pub msg91_sender: Option<String>,

    /// MSG91 route (4 = transactional, 1 = promotional).
    #[arg(long, env = "MANDI_MSG91_ROUTE", default_value = "4")]
    pub msg91_route: String,

    /// Base URL of MSG91's API.
    #[arg(long, env = "MANDI_MSG91_BASE_URL", default_value = "https://api.msg91.com")]
    pub msg91_base_url: String,

    /// Secret that MSG91 callbacks carry as ?token=… (MSG91 does not sign its webhooks).
    #[arg(long, env = "MANDI_MSG91_WEBHOOK_TOKEN", hide_env_values = true)]
    pub msg91_webhook_token: Option<SecretString>,

    /// Textlocal API key; the textlocal channel is enabled when set.
    #[arg(long, env = "MANDI_TEXTLOCAL_API_KEY", hide_env_values = true)]
    pub textlocal_api_key: Option<SecretString>,

    /// Textlocal sender: the registered six-character DLT header.
    #[arg(long, env = "MANDI_TEXTLOCAL_SENDER")]
    pub textlocal_sender: Option<String>,

    /// Base URL of Textlocal's API.
    #[arg(long, env = "MANDI_TEXTLOCAL_BASE_URL", default_value = "https://api.textlocal.in")]
    pub textlocal_base_url: String,

    /// Secret that Textlocal callbacks carry as ?token=… (Textlocal does not sign its webhooks).
    #[arg(long, env = "MANDI_TEXTLOCAL_WEBHOOK_TOKEN", hide_env_values = true)]
    pub textlocal_webhook_token: Option<SecretString>,

    /// India's DLT principal entity id, sent with template ids to providers that take them.
    #[arg(long, env = "MANDI_DLT_ENTITY_ID")]
    pub dlt_entity_id: Option<String>,

    /// Send rate per channel in SMS segments per second, as providers bill and throttle: "twilio=10,plivo=30".
    /// Channels not named are not limited.
    #[arg(long, env = "MANDI_SEGMENTS_PER_SECOND", default_value = "")]
    pub segments_per_second: String,

    /// Minutes a wholesaler has to answer an order before it goes to the shop's backup wholesaler, or expires and
    /// the shop is told. A wholesaler's own response_minutes overrides it.
    #[arg(long, env = "MANDI_ORDER_SLA_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i32).range(1..=10080))]
    pub order_sla_minutes: i32,

    /// Background processors of inbound messages: webhooks are acknowledged as soon as the message is stored and
    /// processed by these (each sender by the same one, in order). 0: process each message before acknowledging it.
    #[arg(long, env = "MANDI_PROCESSORS", default_value_t = 8, value_parser = clap::value_parser!(u64).range(0..=64))]
    pub processors: u64,

    /// Seconds a worker holds a claimed outbound message; a crashed worker's claims are taken over after this.
    #[arg(long, env = "MANDI_OUTBOX_LEASE_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub outbox_lease_secs: u64,

    /// Seconds after which a stored message that was never handled (its first attempt crashed) is processed again.
    #[arg(long, env = "MANDI_INBOUND_RETRY_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub inbound_retry_secs: u64,

    /// Most SMS one number may send a minute; beyond it its messages are kept but not acted on, and it is told
    /// once. Counted in Redis (without Redis the limit is not applied, and the log says so).
    #[arg(long, env = "MANDI_SENDER_LIMIT_PER_MINUTE", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub sender_limit_per_minute: u32,

    /// Most SMS Mandi sends one number in an hour (wholesalers excepted: their order notices must go out); more are
    /// recorded as failed, not sent.
    #[arg(long, env = "MANDI_MAX_SMS_PER_HOUR", default_value_t = 60, value_parser = clap::value_parser!(i64).range(1..))]
    pub max_sms_per_hour: i64,

    /// Seconds a USSD session's menu state is kept in Redis after the caller's last input.
    #[arg(long, env = "MANDI_USSD_SESSION_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(10..=86400))]
    pub ussd_session_secs: u64,

    /// Hours a USSD cart is kept after the session ends without an order; the next dial offers to resume it.
    #[arg(long, env = "MANDI_USSD_CART_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub ussd_cart_hours: u64,

    /// Seconds without input after which a caller with an unfinished cart gets one SMS saying how to resume it
    /// (0: never).
    #[arg(long, env = "MANDI_USSD_CART_SMS_AFTER_SECS", default_value_t = 120)]
    pub ussd_cart_sms_after_secs: u64,

    /// Milliseconds a USSD screen may take before the caller gets "please try again" (operators drop the
    /// session after about 10 s).
    #[arg(long, env = "MANDI_USSD_REPLY_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(100..=15000))]
    pub ussd_reply_ms: u64,

    /// TOML file of registered DLT templates (India): each message's template id and sender header travel with
    /// it to providers that take them. `mandi dlt-templates` writes the patterns to register.
    #[arg(long, env = "MANDI_DLT_TEMPLATES")]
    pub dlt_templates: Option<std::path::PathBuf>,
}

/// Settings of the generic JSON channel.
#[derive(Debug, Clone)]
pub struct GenericSettings {
    pub secret: SecretString,
    /// Where outbound messages are POSTed; receive-only without it.
    pub send_url: Option<String>,
}

/// Settings of the Twilio channel.
#[derive(Debug, Clone)]
pub struct TwilioSettings {
    pub auth_token: SecretString,
    /// Needed to send; inbound verification needs only the token.
    pub account_sid: Option<String>,
    pub from: Option<String>,
    pub base_url: String,
}

/// USSD menu timing.
#[derive(Debug, Clone)]
pub struct UssdSettings {
    /// How long a session's menu state lives after the last input.
    pub session_ttl: Duration,
    /// How long an unfinished cart is kept.
    pub cart_ttl: Duration,
    /// Idle time after which the caller is told by SMS how to resume a cart; `None`: never.
    pub cart_sms_after: Option<Duration>,
    /// Longest a screen may take to answer.
    pub reply_timeout: Duration,
}

impl Default for UssdSettings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(300),
            cart_ttl: Duration::from_secs(24 * 3600),
            cart_sms_after: Some(Duration::from_secs(120)),
            reply_timeout: Duration::from_secs(5),
        }
    }
}

/// Outbox tuning.
#[derive(Debug, Clone)]
pub struct OutboxSettings {
    pub batch_size: u32,
    pub max_attempts: u32,
    /// How long a claimed message stays reserved for the worker that claimed it.
    pub lease: Duration,
    /// How often workers look for due messages when no notification arrives.
    pub poll_interval: Duration,
    /// How long one provider request may take.
    pub send_timeout: Duration,
    /// Segments per second each channel may send (from this process).
    pub rate_limits: std::sync::Arc<crate::outbox::rate::RateLimits>,
}

/// Everything a running gateway needs, validated. `Debug` hides passwords in URLs and every secret.
#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub redis_url: String,
    pub redis_prefix: String,
    pub listen: SocketAddr,
    pub public_url: String,
    pub default_country: country::Id,
    pub generic: Option<GenericSettings>,
    pub twilio: Option<TwilioSettings>,
    pub africastalking: Option<AfricasTalkingSettings>,
    pub plivo: Option<PlivoSettings>,
    pub msg91: Option<Msg91Settings>,
    pub textlocal: Option<TextlocalSettings>,
    pub outbound_channel: Option<String>,
    pub outbox: OutboxSettings,
    /// Inbound messages still unhandled after this long are picked up again by the sweeper.
    pub inbound_retry_after: Duration,
    /// Default minutes a wholesaler has to answer an order.
    pub order_sla_minutes: i32,
    /// Registered DLT templates file, if any.
    pub dlt_templates: Option<std::path::PathBuf>,
    pub ussd: UssdSettings,
    /// Background processors of inbound messages (0: process before acknowledging).
    pub processors: usize,
    /// Abuse limits: SMS a number may send a minute, SMS Mandi sends a number an hour.
    pub sender_limit_per_minute: u32,
    pub max_sms_per_hour: i64,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("redis_url", &redact_url(&self.redis_url))
            .field("redis_prefix", &self.redis_prefix)
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("default_country", &self.default_country)
            .field("generic", &self.generic)
            .field("twilio", &self.twilio)
            .field("africastalking", &self.africastalking.as_ref().map(|s| &s.username))
            .field("plivo", &self.plivo.as_ref().map(|s| &s.auth_id))
            .field("msg91", &self.msg91.as_ref().map(|s| &s.sender))
            .field("textlocal", &self.textlocal.as_ref().map(|s| &s.sender))
            .field("outbound_channel", &self.outbound_channel)
            .field("outbox", &self.outbox)
            .field("order_sla_minutes", &self.order_sla_minutes)
            .field("ussd", &self.ussd)
            .finish_non_exhaustive()
    }
}

impl Settings {
    pub fn from_args(db: &DatabaseArgs, region: &RegionArgs, gw: &GatewayArgs) -> anyhow::Result<Self> {
        let twilio = match &gw.twilio_auth_token {
            None => {
                if gw.twilio_account_sid.is_some() || gw.twilio_from.is_some() {
                    anyhow::bail!(
                        "MANDI_TWILIO_ACCOUNT_SID or MANDI_TWILIO_FROM is set but MANDI_TWILIO_AUTH_TOKEN is not: \
                         set the token to enable the Twilio channel"
                    );
                }
                None
            }
            Some(token) => Some(TwilioSettings {
                auth_token: token.clone(),
                account_sid: gw.twilio_account_sid.clone().filter(|s| !s.trim().is_empty()),
                from: gw.twilio_from.clone().filter(|s| !s.trim().is_empty()),
                base_url: gw.twilio_base_url.trim_end_matches('/').to_owned(),
            }),
        };
        let africastalking = match (&gw.at_api_key, &gw.at_username, &gw.at_webhook_token) {
            (None, _, _) => None,
            (Some(api_key), Some(username), Some(token)) => Some(AfricasTalkingSettings {
                username: username.clone(),
                api_key: api_key.clone(),
                from: gw.at_from.clone().filter(|s| !s.trim().is_empty()),
                base_url: gw.at_base_url.trim_end_matches('/').to_owned(),
                path_token: token.clone(),
            }),
            _ => anyhow::bail!(
                "MANDI_AT_API_KEY is set: MANDI_AT_USERNAME and MANDI_AT_WEBHOOK_TOKEN are needed too \
                 (AT does not sign callbacks; the token in their URL proves they are AT's)"
            ),
        };
        let plivo = match (&gw.plivo_auth_token, &gw.plivo_auth_id) {
            (None, _) => None,
            (Some(token), Some(id)) => Some(PlivoSettings {
                auth_id: id.clone(),
                auth_token: token.clone(),
                from: gw.plivo_from.clone().filter(|s| !s.trim().is_empty()),
                base_url: gw.plivo_base_url.trim_end_matches('/').to_owned(),
                dlt_entity_id: gw.dlt_entity_id.clone().filter(|s| !s.trim().is_empty()),
            }),
            (Some(_), None) => anyhow::bail!("MANDI_PLIVO_AUTH_TOKEN is set but MANDI_PLIVO_AUTH_ID is not"),
        };
        let msg91 = match (&gw.msg91_auth_key, &gw.msg91_sender, &gw.msg91_webhook_token) {
            (None, _, _) => None,
            (Some(key), Some(sender), Some(token)) => Some(Msg91Settings {
                auth_key: key.clone(),
                sender: sender.clone(),
                route: gw.msg91_route.clone(),
                base_url: gw.msg91_base_url.trim_end_matches('/').to_owned(),
                webhook_token: token.clone(),
            }),
            _ => anyhow::bail!(
                "MANDI_MSG91_AUTH_KEY is set: MANDI_MSG91_SENDER and MANDI_MSG91_WEBHOOK_TOKEN are needed too"
            ),
        };
        let textlocal = match (&gw.textlocal_api_key, &gw.textlocal_sender, &gw.textlocal_webhook_token) {
            (None, _, _) => None,
            (Some(key), Some(sender), Some(token)) => Some(TextlocalSettings {
                api_key: key.clone(),
                sender: sender.clone(),
                base_url: gw.textlocal_base_url.trim_end_matches('/').to_owned(),
                webhook_token: token.clone(),
            }),
            _ => anyhow::bail!(
                "MANDI_TEXTLOCAL_API_KEY is set: MANDI_TEXTLOCAL_SENDER and MANDI_TEXTLOCAL_WEBHOOK_TOKEN are needed too"
            ),
        };
        if gw.outbox_max_attempts == 0 {
            anyhow::bail!("MANDI_OUTBOX_MAX_ATTEMPTS must be at least 1");
        }
        if gw.outbox_batch == 0 {
            anyhow::bail!("MANDI_OUTBOX_BATCH must be at least 1");
        }
        let public_url =
            gw.public_url.clone().unwrap_or_else(|| format!("http://{}", gw.listen)).trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            anyhow::bail!("MANDI_PUBLIC_URL must start with http:// or https:// (got '{public_url}')");
        }
        Ok(Self {
            database_url: db.database_url.clone(),
            redis_url: gw.redis_url.clone(),
            redis_prefix: gw.redis_prefix.clone(),
            listen: gw.listen,
            public_url,
            default_country: region.default_country,
            generic: gw.generic_secret.clone().map(|secret| GenericSettings {
                secret,
                send_url: gw.generic_send_url.clone().filter(|u| !u.trim().is_empty()),
            }),
            twilio,
            africastalking,
            plivo,
            msg91,
            textlocal,
            outbound_channel: gw.outbound_channel.clone(),
            outbox: OutboxSettings {
                batch_size: gw.outbox_batch,
                max_attempts: gw.outbox_max_attempts,
                lease: Duration::from_secs(gw.outbox_lease_secs),
                poll_interval: Duration::from_secs(2),
                send_timeout: Duration::from_secs(15),
                rate_limits: std::sync::Arc::new(
                    crate::outbox::rate::RateLimits::parse(&gw.segments_per_second)
                        .map_err(|e| anyhow::anyhow!("MANDI_SEGMENTS_PER_SECOND: {e}"))?,
                ),
            },
            inbound_retry_after: Duration::from_secs(gw.inbound_retry_secs),
            order_sla_minutes: gw.order_sla_minutes,
            dlt_templates: gw.dlt_templates.clone(),
            processors: gw.processors as usize,
            sender_limit_per_minute: gw.sender_limit_per_minute,
            max_sms_per_hour: gw.max_sms_per_hour,
            ussd: UssdSettings {
                session_ttl: Duration::from_secs(gw.ussd_session_secs),
                cart_ttl: Duration::from_secs(gw.ussd_cart_hours * 3600),
                cart_sms_after: (gw.ussd_cart_sms_after_secs > 0)
                    .then(|| Duration::from_secs(gw.ussd_cart_sms_after_secs)),
                reply_timeout: Duration::from_millis(gw.ussd_reply_ms),
            },
        })
    }
}

/// A database URL with any password replaced, for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_never_print_secrets() {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Args {
            #[command(flatten)]
            db: DatabaseArgs,
            #[command(flatten)]
            region: RegionArgs,
            #[command(flatten)]
            gw: GatewayArgs,
        }
        let args = Args::parse_from([
            "mandi",
            "--database-url=postgres://u:dbpass@h/d",
            "--twilio-auth-token=tw-secret",
            "--generic-secret=gen-secret",
            "--redis-url=redis://:redispass@h",
        ]);
        let settings = Settings::from_args(&args.db, &args.region, &args.gw).unwrap();
        let shown = format!("{settings:?}");
        for secret in ["dbpass", "tw-secret", "gen-secret", "redispass"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }

    #[test]
    fn passwords_never_show_in_urls() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/d"), "postgres://u:***@h:5432/d");
        assert_eq!(redact_url("postgres://h:5432/d"), "postgres://h:5432/d");
        assert_eq!(redact_url("redis://:pw@h"), "redis://:***@h");
    }
}
