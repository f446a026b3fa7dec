//! Property tests: the parser never panics, and "<n> <unit> <item>" written with each language's own words reads
//! back for every n in 1..=100. `PROPTEST_CASES=100000 cargo test --release --test language` is the long run.

use mandi::grammar::{Amount, Lexicon, parse_message, read_number};
use proptest::prelude::*;

fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().unwrap())
}

/// Every way a language writes n as a single word, and as "tens units" when it has words for both.
fn spellings(lex: &Lexicon, language: usize, n: i64) -> Vec<String> {
    let words: Vec<(&str, i64)> = lex.number_words_of(language);
    let mut out: Vec<String> = words
        .iter()
        .filter(|(w, v)| *v == n && read_number(lex, w) == Amount::from_whole(n))
        .map(|(w, _)| (*w).to_owned())
        .collect();
    if out.is_empty() && n == 100 {
        // Some languages say a hundred with the scale word alone ("sau", "நூறு").
        out.extend(
            lex.scale_words_of(language)
                .into_iter()
                .filter(|(w, v)| *v == 100 && read_number(lex, w) == Amount::from_whole(100))
                .map(|(w, _)| w.to_owned()),
        );
    }
    if out.is_empty() && n > 20 && n % 10 != 0 {
        let tens = words.iter().find(|(_, v)| *v == n - n % 10);
        let units = words.iter().find(|(_, v)| *v == n % 10);
        if let (Some((t, _)), Some((u, _))) = (tens, units) {
            out.push(format!("{t} {u}"));
        }
    }
    out.sort();
    out
}

/// A product word of the language that has no other role, and the language's own word for kg.
fn item_and_kilo(lex: &Lexicon, language: usize) -> Option<(String, String)> {
    let kg = lex.unit("kg")?;
    let mut kilos: Vec<&str> =
        lex.unit_words_of(language).into_iter().filter(|(_, u)| *u == kg).map(|(w, _)| w).collect();
    kilos.sort();
    let kilo = kilos.first().map_or("kg".to_owned(), |k| (*k).to_owned());
    let item = lex
        .staple_words_of(language)
        .iter()
        .find(|w| w.split(' ').all(|part| !lex.has_role(part) && part.chars().all(|c| !c.is_ascii_digit())))?
        .clone();
    Some((item, kilo))
}

#[test]
fn n_unit_item_reads_back_in_every_language_for_1_to_100() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (language, info) in lex.languages.iter().enumerate() {
        let Some((item, kilo)) = item_and_kilo(lex, language) else {
            failures.push(format!("{}: no plain staple word to order", info.tag));
            continue;
        };
        for n in 1..=100 {
            let spelled = spellings(lex, language, n);
            if spelled.is_empty() {
                failures.push(format!("{} has no word for {n}", info.tag));
            }
            for number in spelled {
                let message = format!("{number} {kilo} {item}");
                let lines = parse_message(lex, &message).lines;
                let ok = lines.len() == 1
                    && lines[0].quantity == Amount::from_whole(n)
                    && lines[0].unit.map(|u| lex.units[u].name.as_str()) == Some("kg")
                    && lines[0].product_text() == item;
                checked += 1;
                if !ok {
                    failures.push(format!("{}: {message:?} → {:?}", info.tag, lines.first()));
                }
            }
        }
    }
    assert!(checked > 900, "only {checked} spellings checked");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

proptest! {
    #[test]
    fn any_text_parses_without_panicking(text in "\\PC{0,120}") {
        let _ = parse_message(lexicon(), &text);
    }

    #[test]
    fn order_shaped_noise_parses_without_panicking(
        parts in proptest::collection::vec(
            prop_oneof![
                "[0-9]{1,12}", "[0-9]{1,3}[.,/][0-9]{0,4}", "(kg|g|x|wala|rs|₹|½|aur|do|sawa|sau|hazaar|टा|ரை)",
                "[a-z]{1,8}", "[\\u0900-\\u097F]{1,6}", "[\\u0B80-\\u0BFF]{1,6}", "[,;+&\\n।|*×-]",
            ],
            0..16,
        )
    ) {
        let text = parts.join(" ");
        let parsed = parse_message(lexicon(), &text);
        for line in parsed.lines {
            prop_assert!(line.span.end <= text.len());
            prop_assert!(text.is_char_boundary(line.span.start) && text.is_char_boundary(line.span.end));
        }
    }
}
