//! The menu as data: screens, what a caller's key press does on each, and how a list is cut into pages that fit
//! one USSD screen. Nothing here does I/O; [`super::Ussd`] loads the data, runs the effects and renders.

use serde::{Deserialize, Serialize};

use crate::catalog::Matcher;
use crate::sms::{self, Encoding};

/// Longest screen in GSM-7: 160 bytes of 7-bit characters.
pub const SCREEN_GSM7: u32 = 182;
/// Longest screen in UCS-2 (any native script): 160 bytes of UTF-16.
pub const SCREEN_UCS2: u32 = 80;

/// The key that pages on in a list, and the one that goes back.
pub const NEXT: &str = "0";
pub const BACK: &str = "00";

/// Longest product or category name shown in a list line.
const LIST_NAME: usize = 28;

/// One screen of the menu and where it stands in its list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "screen", rename_all = "snake_case")]
pub enum Screen {
    /// A new session of a caller with an unfinished cart: continue it or start again.
    Resume,
    Main,
    Reorder,
    Orders {
        start: usize,
    },
    Categories {
        start: usize,
    },
    Products {
        category: String,
        start: usize,
    },
    Quantity {
        product_id: i64,
    },
    Added {
        product_id: i64,
        packs: i64,
    },
    Review {
        start: usize,
    },
    Language {
        start: usize,
    },
}

/// A screen on the session's stack and how many list entries it showed when last rendered (what the caller's
/// numbers refer to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub screen: Screen,
    #[serde(default)]
    pub shown: usize,
    /// Whether more entries follow this page ("0" pages on).
    #[serde(default)]
    pub more: bool,
}

impl Frame {
    pub fn new(screen: Screen) -> Self {
        Self { screen, shown: 0, more: false }
    }
}

/// What the caller asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Push(Screen),
    /// The top screen gives way to another (so "back" skips it).
    Replace(Screen),
    Back,
    /// Back to the nearest category list ("more items").
    BackToCategories,
    /// The key means nothing here: show the screen again with a word about it.
    Invalid,
    ResumeCart,
    DiscardCart,
    AddToCart {
        product_id: i64,
        packs: i64,
    },
    EmptyCart,
    PlaceCart,
    PlaceRepeat,
    SetLanguage(usize),
}

/// Most packs one key press may order.
pub const MAX_PACKS: i64 = 999;

/// What the menu needs to know to read a key press.
pub struct MenuData<'a> {
    pub catalog: &'a CatalogView,
    pub matcher: &'a Matcher,
    pub cart_lines: usize,
    pub languages: usize,
}

/// What a key press on the top screen means.
pub fn step(frame: &Frame, input: &str, data: &MenuData<'_>) -> Step {
    let input = input.trim();
    if input == BACK {
        return Step::Back;
    }
    // The n-th entry of the list on screen, when the caller keyed one.
    let pick = |start: usize, total: usize| -> Option<usize> {
        let n: usize = input.parse().ok()?;
        (n >= 1 && n <= frame.shown && start + n - 1 < total).then(|| start + n - 1)
    };
    if input == NEXT && frame.more {
        return match &frame.screen {
            Screen::Orders { start } => Step::Push(Screen::Orders { start: start + frame.shown }),
            Screen::Categories { start } => Step::Push(Screen::Categories { start: start + frame.shown }),
            Screen::Products { category, start } => {
                Step::Push(Screen::Products { category: category.clone(), start: start + frame.shown })
            }
            Screen::Review { start } => Step::Push(Screen::Review { start: start + frame.shown }),
            Screen::Language { start } => Step::Push(Screen::Language { start: start + frame.shown }),
            _ => Step::Invalid,
        };
    }
    match &frame.screen {
        Screen::Resume => match input {
            "1" => Step::ResumeCart,
            "2" => Step::DiscardCart,
            _ => Step::Invalid,
        },
        Screen::Main => match input {
            "1" => Step::Push(Screen::Reorder),
            "2" => Step::Push(Screen::Orders { start: 0 }),
            "3" => Step::Push(Screen::Categories { start: 0 }),
            "4" => Step::Push(Screen::Language { start: 0 }),
            "5" if data.cart_lines > 0 => Step::Push(Screen::Review { start: 0 }),
            _ => Step::Invalid,
        },
        Screen::Reorder => match input {
            "1" => Step::PlaceRepeat,
            _ => Step::Invalid,
        },
        Screen::Orders { .. } => Step::Invalid,
        Screen::Categories { start } => match pick(*start, data.catalog.categories.len()) {
            Some(i) => Step::Push(Screen::Products { category: data.catalog.categories[i].0.clone(), start: 0 }),
            None => Step::Invalid,
        },
        Screen::Products { category, start } => {
            let products = data.catalog.products(category);
            match pick(*start, products.len()) {
                Some(i) => Step::Push(Screen::Quantity { product_id: data.matcher.product(products[i]).id }),
                None => Step::Invalid,
            }
        }
        Screen::Quantity { product_id } => match input.parse::<i64>() {
            Ok(packs) if (1..=MAX_PACKS).contains(&packs) => Step::AddToCart { product_id: *product_id, packs },
            _ => Step::Invalid,
        },
        Screen::Added { .. } => match input {
            "1" => Step::BackToCategories,
            "2" => Step::Push(Screen::Review { start: 0 }),
            _ => Step::Invalid,
        },
        Screen::Review { .. } => match input {
            "1" if data.cart_lines > 0 => Step::PlaceCart,
            "2" if data.cart_lines > 0 => Step::EmptyCart,
            _ => Step::Invalid,
        },
        Screen::Language { start } => pick(*start, data.languages).map_or(Step::Invalid, Step::SetLanguage),
    }
}

/// The catalog as a menu lists it: categories in name order, each with its products in name order.
pub struct CatalogView {
    /// `(category, product positions in the matcher)`.
    pub categories: Vec<(String, Vec<usize>)>,
}

impl CatalogView {
    pub fn new(matcher: &Matcher) -> Self {
        let mut by_category: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, p) in matcher.products().iter().enumerate() {
            let category = if p.category.trim().is_empty() { "-" } else { p.category.as_str() };
            by_category.entry(category).or_default().push(i);
        }
        let products = matcher.products();
        let categories = by_category
            .into_iter()
            .map(|(name, mut items)| {
                items.sort_by(|a, b| products[*a].name.cmp(&products[*b].name));
                (name.to_owned(), items)
            })
            .collect();
        Self { categories }
    }

    /// The products of a category, or none when the catalog no longer has it.
    pub fn products(&self, category: &str) -> &[usize] {
        self.categories.iter().find(|(name, _)| name == category).map_or(&[], |(_, items)| items.as_slice())
    }
}

/// Whether `text` fits one USSD screen in the encoding it needs.
pub fn fits(text: &str) -> bool {
    let cost = sms::cost(text);
    cost.units
        <= match cost.encoding {
            Encoding::Gsm7 => SCREEN_GSM7,
            Encoding::Ucs2 => SCREEN_UCS2,
        }
}

/// Cuts `text` to one screen (a last resort: screens are built to fit).
pub fn clamp(text: &str) -> String {
    if fits(text) {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if !fits(&out) {
            out.pop();
            break;
        }
    }
    out.trim_end().to_owned()
}

/// At most `max` characters of `text`, with a `.` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s = s.trim_end().to_owned();
    s.push('.');
    s
}

/// One page of a list: the lines above it, the entries, the lines below it and the navigation.
pub struct Page<'a> {
    pub above: &'a [String],
    pub entries: &'a [String],
    pub start: usize,
    /// Entries numbered for the caller to pick (a cart's lines are not).
    pub numbered: bool,
    pub below: &'a [String],
    /// "0 Next" in the caller's language, shown when entries follow this page.
    pub next: &'a str,
    /// "00 Back", when there is somewhere to go back to.
    pub back: Option<&'a str>,
    /// The navigation in GSM-7 only (`0 >`, `00 <`): when the entries are in Latin letters, a screen without the
    /// caller's script holds 182 characters instead of 80, so a page dropping the lines above that need UCS-2 may
    /// show more entries.
    pub plain_next: &'a str,
    pub plain_back: Option<&'a str>,
    /// The entries in GSM-7 where they can be (`₹` as `Rs`), for that page.
    pub plain_entries: &'a [String],
}

impl Page<'_> {
    /// The screen with as many entries as fit (at least one, cut short if it must be), and how many that is. A
    /// GSM-7 rendering is used when it shows more entries than the caller's script can.
    pub fn render(&self) -> (String, usize) {
        let native = self.render_as_is();
        if sms::is_gsm7(&native.0) || !self.below.iter().all(|l| sms::is_gsm7(l)) {
            return native;
        }
        let above: Vec<String> = self.above.iter().filter(|l| sms::is_gsm7(l)).cloned().collect();
        let plain = Page {
            above: &above,
            entries: self.plain_entries,
            start: self.start,
            numbered: self.numbered,
            below: self.below,
            next: self.plain_next,
            back: self.back.and(self.plain_back),
            plain_next: self.plain_next,
            plain_back: self.plain_back,
            plain_entries: self.plain_entries,
        }
        .render_as_is();
        if sms::is_gsm7(&plain.0) && plain.1 > native.1 { plain } else { native }
    }

    fn render_as_is(&self) -> (String, usize) {
        let remaining = self.entries.len().saturating_sub(self.start);
        if remaining == 0 {
            return (clamp(&self.compose(&[], false)), 0);
        }
        let mut best = None;
        for shown in 1..=remaining {
            let text =
                self.compose(&self.entries[self.start..self.start + shown], self.start + shown < self.entries.len());
            if !fits(&text) {
                break;
            }
            best = Some((text, shown));
        }
        if let Some(found) = best {
            return found;
        }
        // Not even one entry fits as written: shorten it until it does.
        let first = &self.entries[self.start];
        let more = remaining > 1;
        for max in (4..first.chars().count()).rev() {
            let text = self.compose(&[clip(first, max)], more);
            if fits(&text) {
                return (text, 1);
            }
        }
        (clamp(&self.compose(&[clip(first, 4)], more)), 1)
    }

    fn compose(&self, entries: &[String], more: bool) -> String {
        let mut lines: Vec<String> = self.above.to_vec();
        for (i, entry) in entries.iter().enumerate() {
            lines.push(if self.numbered { format!("{} {entry}", i + 1) } else { entry.clone() });
        }
        lines.extend(self.below.iter().cloned());
        let mut nav = Vec::new();
        if more {
            nav.push(self.next);
        }
        if let Some(back) = self.back {
            nav.push(back);
        }
        if !nav.is_empty() {
            lines.push(nav.join(" "));
        }
        lines.retain(|l| !l.is_empty());
        lines.join("\n")
    }
}

/// A product as a list line: its name, cut to fit, and its price.
pub fn product_line(name: &str, price: &str) -> String {
    format!("{} {price}", clip(name, LIST_NAME))
}

/// A category as a list line.
pub fn category_line(name: &str) -> String {
    clip(name, LIST_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{PackUnit, Product};
    use crate::grammar::Lexicon;

    fn matcher() -> Matcher {
        let p = |id: i64, name: &str, category: &str| Product {
            id,
            sku: format!("SKU{id}"),
            name: name.into(),
            unit: PackUnit::Pc,
            pack_base: 1,
            price_paise: 1000,
            category: category.into(),
            aliases: Vec::new(),
        };
        let products =
            vec![p(1, "Zeera", "Spices"), p(2, "Atta", "Staples"), p(3, "Haldi", "Spices"), p(4, "Rice", "")];
        Matcher::new(products, &Lexicon::embedded().unwrap())
    }

    fn on(screen: Screen, shown: usize, more: bool) -> Frame {
        Frame { screen, shown, more }
    }

    #[test]
    fn the_catalog_is_listed_by_category_then_name() {
        let m = matcher();
        let view = CatalogView::new(&m);
        let names: Vec<&str> = view.categories.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(names, ["-", "Spices", "Staples"]);
        let spices: Vec<&str> = view.products("Spices").iter().map(|i| m.product(*i).name.as_str()).collect();
        assert_eq!(spices, ["Haldi", "Zeera"]);
        assert!(view.products("Gone").is_empty());
    }

    #[test]
    fn keys_mean_what_the_screen_offers() {
        let m = matcher();
        let view = CatalogView::new(&m);
        let data = MenuData { catalog: &view, matcher: &m, cart_lines: 0, languages: 9 };
        let main = on(Screen::Main, 0, false);
        assert_eq!(step(&main, "3", &data), Step::Push(Screen::Categories { start: 0 }));
        assert_eq!(step(&main, " 2 ", &data), Step::Push(Screen::Orders { start: 0 }));
        assert_eq!(step(&main, "5", &data), Step::Invalid, "no cart, no cart option");
        assert_eq!(step(&main, "00", &data), Step::Back);
        assert_eq!(step(&main, "0", &data), Step::Invalid);

        // Numbers refer to the page as shown; "0" pages on only when more follow.
        let categories = on(Screen::Categories { start: 1 }, 1, true);
        assert_eq!(step(&categories, "1", &data), Step::Push(Screen::Products { category: "Spices".into(), start: 0 }));
        assert_eq!(step(&categories, "2", &data), Step::Invalid, "only one entry on this page");
        assert_eq!(step(&categories, "0", &data), Step::Push(Screen::Categories { start: 2 }));
        let last_page = on(Screen::Categories { start: 2 }, 1, false);
        assert_eq!(step(&last_page, "0", &data), Step::Invalid);
        let products = on(Screen::Products { category: "Spices".into(), start: 0 }, 2, false);
        assert_eq!(step(&products, "2", &data), Step::Push(Screen::Quantity { product_id: 1 }));

        let quantity = on(Screen::Quantity { product_id: 3 }, 0, false);
        assert_eq!(step(&quantity, "12", &data), Step::AddToCart { product_id: 3, packs: 12 });
        for bad in ["0", "-1", "1000", "two", ""] {
            assert_eq!(step(&quantity, bad, &data), Step::Invalid, "{bad:?}");
        }
        let review = on(Screen::Review { start: 0 }, 2, false);
        assert_eq!(step(&review, "1", &data), Step::Invalid, "an empty cart cannot be ordered");
        let data = MenuData { cart_lines: 2, ..data };
        assert_eq!(step(&review, "1", &data), Step::PlaceCart);
        assert_eq!(step(&review, "2", &data), Step::EmptyCart);
        assert_eq!(step(&main, "5", &data), Step::Push(Screen::Review { start: 0 }));
        assert_eq!(step(&on(Screen::Language { start: 6 }, 3, false), "3", &data), Step::SetLanguage(8));
        assert_eq!(step(&on(Screen::Reorder, 0, false), "1", &data), Step::PlaceRepeat);
        assert_eq!(step(&on(Screen::Resume, 0, false), "2", &data), Step::DiscardCart);
        assert_eq!(step(&on(Screen::Added { product_id: 1, packs: 2 }, 0, false), "1", &data), Step::BackToCategories);
    }

    fn page<'a>(entries: &'a [String], start: usize, above: &'a [String]) -> Page<'a> {
        Page {
            above,
            entries,
            start,
            numbered: true,
            below: &[],
            next: "0 Next",
            back: Some("00 Back"),
            plain_next: "0 >",
            plain_back: Some("00 <"),
            plain_entries: entries,
        }
    }

    #[test]
    fn a_page_takes_as_many_entries_as_fit_and_offers_the_next() {
        let entries: Vec<String> = (1..=40).map(|i| format!("Product number {i} Rs 100")).collect();
        let above = vec!["Staples:".to_owned()];
        let (text, shown) = page(&entries, 0, &above).render();
        assert!(fits(&text), "{text}");
        assert!((4..40).contains(&shown), "{shown}");
        assert!(text.ends_with("0 Next 00 Back"), "{text}");
        assert!(text.starts_with("Staples:\n1 Product number 1 Rs 100\n"));
        // The last page has no "next".
        let (last, n) = page(&entries, 40 - 2, &above).render();
        assert_eq!(n, 2);
        assert!(last.ends_with("\n00 Back"), "{last}");
        assert!(last.contains("1 Product number 39"));
    }

    #[test]
    fn native_screens_hold_80_utf16_units() {
        let entries: Vec<String> = (1..=9).map(|i| format!("आशीर्वाद आटा {i}")).collect();
        let above = vec!["श्रेणी चुनें:".to_owned()];
        let (text, shown) = page(&entries, 0, &above).render();
        assert!(text.encode_utf16().count() <= 80, "{}", text.encode_utf16().count());
        assert!((2..9).contains(&shown), "{shown}");
    }

    #[test]
    fn latin_entries_under_a_native_header_page_in_gsm7_when_that_shows_more() {
        let entries: Vec<String> = (1..=30).map(|i| format!("Aashirvaad Atta {i}kg Rs100")).collect();
        let above = vec!["श्रेणी चुनें:".to_owned()];
        let mut p = page(&entries, 0, &above);
        p.next = "0 आगे";
        p.back = Some("00 वापस");
        let (text, shown) = p.render();
        assert!(sms::is_gsm7(&text), "{text}");
        assert!(shown >= 4, "{shown}");
        assert!(text.ends_with("0 > 00 <") && !text.contains("श्रेणी"), "{text}");
        // Native entries gain nothing from it.
        let native: Vec<String> = (1..=30).map(|i| format!("आटा {i}")).collect();
        let mut p = page(&native, 0, &above);
        p.next = "0 आगे";
        let (text, _) = p.render();
        assert!(text.contains("0 आगे"), "{text}");
    }

    #[test]
    fn an_entry_too_long_for_any_screen_is_cut() {
        let entries = vec!["ब".repeat(200)];
        let (text, shown) = page(&entries, 0, &[]).render();
        assert_eq!(shown, 1);
        assert!(fits(&text));
        assert!(text.contains("1 बब"));
    }

    #[test]
    fn clamp_and_clip_respect_the_limits() {
        assert!(fits(&clamp(&"x".repeat(500))));
        assert_eq!(clamp(&"x".repeat(500)).len(), 182);
        assert!(fits(&clamp(&"क".repeat(500))));
        assert_eq!(clip("Aashirvaad Atta 10kg", 10), "Aashirvaa.");
        assert_eq!(clip("Atta", 10), "Atta");
    }
}
