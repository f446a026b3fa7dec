//! Builds the gateway (database, channels, pipeline, HTTP server, workers) and runs it until stopped.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::catalog::CatalogCache;
use crate::channels::africastalking::AfricasTalking;
use crate::channels::console::{self, Console};
use crate::channels::generic::Generic;
use crate::channels::msg91::Msg91;
use crate::channels::plivo::Plivo;
use crate::channels::textlocal::Textlocal;
use crate::channels::twilio::Twilio;
use crate::channels::{self, Registry};
use crate::config::Settings;
use crate::grammar::Lexicon;
use crate::http::{self, AppState};
use crate::i18n::Translator;
use crate::i18n::dlt::DltRegistry;
use crate::inbound::Pipeline;
use crate::redis_store::RedisStore;
use crate::ussd::Ussd;
use crate::{db, outbox};

/// Connections per gateway process.
const POOL_SIZE: u32 = 40;

/// The channels this configuration enables: console always; others when their secret is set.
pub fn build_registry(settings: &Settings, console: Arc<Console>) -> anyhow::Result<Registry> {
    let mut registry = Registry::new(console);
    if let Some(generic) = &settings.generic {
        let adapter = Generic::new(generic.secret.clone());
        let adapter = match &generic.send_url {
            Some(url) => adapter
                .sending_to(url.clone(), settings.outbox.send_timeout)
                .context("building the generic channel's HTTP client")?,
            None => adapter,
        };
        registry.register(Arc::new(adapter));
    }
    if let Some(twilio) = &settings.twilio {
        let adapter = Twilio::new(twilio, settings.outbox.send_timeout)
            .context("building the Twilio HTTP client")?
            .with_status_callback(format!("{}/status/{}", settings.public_url, channels::twilio::NAME));
        let can_send = channels::Channel::can_send(&adapter);
        registry.register(Arc::new(adapter));
        if can_send {
            registry.set_default_sender(channels::twilio::NAME).map_err(anyhow::Error::msg)?;
        } else {
            tracing::warn!(
                "Twilio receives but cannot send: set MANDI_TWILIO_ACCOUNT_SID and MANDI_TWILIO_FROM to send through it"
            );
        }
    }
    if let Some(at) = &settings.africastalking {
        let adapter = AfricasTalking::new(at.clone(), settings.outbox.send_timeout)
            .context("building the Africa's Talking HTTP client")?;
        registry.register(Arc::new(adapter));
    }
    if let Some(plivo) = &settings.plivo {
        let adapter =
            Plivo::new(plivo.clone(), settings.outbox.send_timeout).context("building the Plivo HTTP client")?;
        registry.register(Arc::new(adapter));
    }
    if let Some(msg91) = &settings.msg91 {
        let adapter =
            Msg91::new(msg91.clone(), settings.outbox.send_timeout).context("building the MSG91 HTTP client")?;
        registry.register(Arc::new(adapter));
    }
    if let Some(textlocal) = &settings.textlocal {
        let adapter = Textlocal::new(textlocal.clone(), settings.outbox.send_timeout)
            .context("building the Textlocal HTTP client")?;
        registry.register(Arc::new(adapter));
    }
    if let Some(name) = &settings.outbound_channel {
        registry.set_default_sender(name).map_err(|e| anyhow::anyhow!("MANDI_OUTBOUND_CHANNEL: {e}"))?;
    }
    Ok(registry)
}

/// Connects (creating and migrating the database) and assembles the message pipeline.
pub async fn build_pipeline(settings: &Settings, console: Arc<Console>) -> anyhow::Result<Arc<Pipeline>> {
    let lexicon = Lexicon::embedded().context("loading grammars/")?;
    let translator = Translator::embedded().context("loading locales/")?;
    let registry = build_registry(settings, console)?;
    let pool = db::connect_and_migrate(&settings.database_url, POOL_SIZE).await?;
    let redis = RedisStore::new(&settings.redis_url, &settings.redis_prefix)?;
    redis.connect_in_background();
    Ok(Arc::new(Pipeline {
        pool,
        lexicon,
        translator,
        catalog: CatalogCache::new(),
        channels: Arc::new(registry),
        redis: Some(redis),
        default_country: settings.default_country,
        max_attempts: settings.outbox.max_attempts,
        order_sla_minutes: settings.order_sla_minutes,
        dlt: match &settings.dlt_templates {
            Some(path) => DltRegistry::load(path)?,
            None => DltRegistry::default(),
        },
        outcomes: Default::default(),
        sender_limit_per_minute: settings.sender_limit_per_minute,
        max_sms_per_hour: settings.max_sms_per_hour,
        processors: Default::default(),
    }))
}

/// Whether the background workers run (tests drive them step by step instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workers {
    Run,
    Off,
}

/// A built gateway, ready to serve.
pub struct Application {
    pub pipeline: Arc<Pipeline>,
    pub ussd: Arc<Ussd>,
    pub console: Arc<Console>,
    settings: Settings,
    listener: TcpListener,
    shutdown: CancellationToken,
    workers: Workers,
}

impl Application {
    /// Builds everything and binds the listener (port 0 picks a free port).
    pub async fn build(settings: Settings, console_output: console::Output, workers: Workers) -> anyhow::Result<Self> {
        let console = Arc::new(Console::new(console_output));
        let pipeline = build_pipeline(&settings, console.clone()).await?;
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {} (MANDI_LISTEN)", settings.listen))?;
        let ussd = Arc::new(Ussd::new(pipeline.clone(), settings.ussd.clone()));
        Ok(Self { pipeline, ussd, console, settings, listener, shutdown: CancellationToken::new(), workers })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Cancelling this token stops the server and the workers gracefully.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Serves until the token is cancelled or the process gets ctrl-c / SIGTERM. In-flight requests finish;
    /// workers stop between batches.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self { pipeline, ussd, settings, listener, shutdown, workers, .. } = self;
        let tracker = TaskTracker::new();
        tracker.spawn(cancel_on_signal(shutdown.clone()));
        if workers == Workers::Run {
            tracker.spawn(outbox::run_worker(
                pipeline.pool.clone(),
                pipeline.channels.clone(),
                settings.outbox.clone(),
                shutdown.clone(),
            ));
            for task in pipeline.start_processors(settings.processors, shutdown.clone()) {
                tracker.spawn(async move {
                    let _ = task.await;
                });
            }
            tracker.spawn(pipeline.clone().run_sweeper(settings.inbound_retry_after, shutdown.clone()));
            tracker.spawn(pipeline.clone().run_expiry(shutdown.clone()));
            tracker.spawn(ussd.clone().run_cart_notices(shutdown.clone()));
        }
        let state = AppState {
            pipeline: pipeline.clone(),
            ussd,
            requests: Default::default(),
            public_url: settings.public_url.as_str().into(),
        };
        let app = http::router(state);
        let server_shutdown = shutdown.clone();
        let served =
            axum::serve(listener, app).with_graceful_shutdown(async move { server_shutdown.cancelled().await }).await;
        shutdown.cancel();
        tracker.close();
        if tokio::time::timeout(Duration::from_secs(30), tracker.wait()).await.is_err() {
            tracing::warn!("workers did not stop within 30 s");
        }
        pipeline.pool.close().await;
        served.context("HTTP server failed")
    }
}

/// Cancels `token` on ctrl-c or SIGTERM.
pub async fn cancel_on_signal(token: CancellationToken) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("ctrl-c received; shutting down"),
        () = terminate => tracing::info!("SIGTERM received; shutting down"),
        () = token.cancelled() => return,
    }
    token.cancel();
}
