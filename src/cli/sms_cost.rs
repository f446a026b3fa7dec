//! `mandi sms-cost`: the encoding, segments and length of texts from stdin, one per line.

use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::sms;

#[derive(clap::Args, Debug)]
pub struct SmsCostArgs {
    /// Write one JSON object per input line instead of a readable line.
    #[arg(long)]
    json: bool,
    /// First replace what GSM-7 lacks with what it has where the meaning is kept (curly quotes, dashes, …, ₹ as
    /// Rs), as Mandi does for Latin-script replies, and count that.
    #[arg(long)]
    smart: bool,
}

/// One line of `mandi sms-cost --json`, fields in the documented order.
#[derive(serde::Serialize)]
struct CostJson {
    encoding: &'static str,
    segments: u32,
    length: u32,
    units: u32,
}

pub fn run(args: &SmsCostArgs) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.context("reading standard input")?;
        let text = if args.smart { sms::fit_gsm7(&line, true) } else { line };
        let cost = sms::cost(&text);
        if args.json {
            let object = CostJson {
                encoding: cost.encoding.as_str(),
                segments: cost.segments,
                length: cost.characters,
                units: cost.units,
            };
            writeln!(out, "{}", serde_json::to_string(&object)?)?;
        } else {
            writeln!(
                out,
                "{:<5} {} segment(s), {} characters, {} {}",
                cost.encoding.as_str(),
                cost.segments,
                cost.characters,
                cost.units,
                if cost.encoding == sms::Encoding::Gsm7 { "septets" } else { "UTF-16 units" }
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
