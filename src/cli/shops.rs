//! `mandi shops …` (more commands arrive with the operator CLI).

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use super::EXIT_BAD_INPUT;
use crate::config::{DatabaseArgs, RegionArgs};
use crate::domain::Msisdn;
use crate::grammar::Lexicon;
use crate::i18n::Translator;
use crate::{db, telemetry};

#[derive(Subcommand, Debug)]
pub enum ShopsCommand {
    /// Set the language a shop is written to (overrides what Mandi detected from its messages).
    #[command(after_help = "\
LANG is a tag (en, hi, hi-Latn, mr, gu, bn, ta, te, kn) or a language's name as people write it (marathi,
hinglish, தமிழ்). Shopkeepers can do the same themselves by SMS: LANG marathi.

Examples:
  mandi shops set-lang +919900000001 mr
  mandi shops set-lang 99000 00002 hinglish

Exit codes: 0 set, 3 no such shop or no such language, 1 failure.")]
    SetLang {
        /// The shop's phone number, in any usual form.
        phone: String,
        /// The language: a tag or a name.
        lang: String,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
}

pub async fn run(command: ShopsCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        ShopsCommand::SetLang { phone, lang, db, region } => {
            let lexicon = Lexicon::embedded().context("loading grammars/")?;
            let translator = Translator::embedded().context("loading locales/")?;
            let Some(tag) = lexicon.language_named(&lang).filter(|t| translator.supports(t.as_str())) else {
                eprintln!("no language '{lang}': use one of {}", translator.locales().join(", "));
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            };
            let phone = match Msisdn::parse(&phone, region.default_country) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let updated = sqlx::query!(
                "update contacts set lang = $2 where phone = $1 and role = 'shopkeeper'",
                phone.as_str(),
                tag.as_str()
            )
            .execute(&pool)
            .await?;
            if updated.rows_affected() == 0 {
                eprintln!("no shop with the number {phone}");
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            }
            println!("{phone} will be written to in {tag}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
