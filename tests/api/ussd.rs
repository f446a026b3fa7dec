//! The USSD menu over HTTP, as Africa's Talking drives it (every key press re-posted with the whole `*`-joined
//! history), against real Postgres and Redis: every menu path, paging, back, session expiry, a dropped session's
//! cart, the Redis-down and too-slow cases, and requests that must be refused.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mandi::config::UssdSettings;
use mandi::ussd::menu;

use crate::helpers::{AT_TOKEN, GENERIC_SECRET, Proxy, SHOP, TestApp, TestOptions, WHOLESALER, redis_address};

const DIAL: &str = "*384*12#";

/// Posts one USSD request for the demo shop and returns the screen, checking the answer's shape on the way:
/// 200, `text/plain`, `CON ` or `END `, and a screen within the handset's limit.
async fn press(app: &TestApp, session: &str, text: &str) -> String {
    press_as(app, session, SHOP, text).await
}

async fn press_as(app: &TestApp, session: &str, phone: &str, text: &str) -> String {
    // As the provider does, a session's first request has no input.
    let first = OPENED.lock().unwrap().insert(format!("{}/{session}", app.address));
    if first && !text.is_empty() {
        post_ussd(app, session, phone, "").await;
    }
    post_ussd(app, session, phone, text).await
}

/// Sessions the tests have opened (by gateway address and session id).
static OPENED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<String>>> =
    std::sync::LazyLock::new(Default::default);

/// One request, as is.
async fn post_ussd(app: &TestApp, session: &str, phone: &str, text: &str) -> String {
    let response = app
        .http
        .post(app.url(&format!("/ussd/africastalking?token={AT_TOKEN}")))
        .form(&[
            ("sessionId", session),
            ("serviceCode", DIAL),
            ("phoneNumber", phone),
            ("networkCode", "40410"),
            ("text", text),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "text {text:?}");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let body = response.text().await.unwrap();
    assert!(body.starts_with("CON ") || body.starts_with("END "), "{body:?}");
    assert!(menu::fits(&body[4..]), "screen too long for a handset ({} units):\n{body}", body.encode_utf16().count());
    body
}

/// The number a screen gives to the line containing `label`.
fn number_of(screen: &str, label: &str) -> Option<String> {
    screen.lines().find(|l| l.contains(label)).and_then(|l| l.split_whitespace().next()).map(str::to_owned)
}

/// Presses through the pages of a list until `label` shows, and returns the history that picks it.
async fn pick(app: &TestApp, session: &str, history: &str, label: &str) -> String {
    let mut history = history.to_owned();
    for _ in 0..20 {
        let screen = press(app, session, &history).await;
        if let Some(n) = number_of(&screen, label) {
            return format!("{history}*{n}");
        }
        assert!(screen.contains("0 Next"), "'{label}' not in the list and no next page:\n{screen}");
        history.push_str("*0");
    }
    panic!("'{label}' not found in 20 pages");
}

async fn orders(app: &TestApp) -> i64 {
    app.count("select count(*) from orders").await
}

#[tokio::test]
async fn a_shop_buys_items_through_categories_products_quantity_and_cart() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;

    let main = press(&app, "s1", "").await;
    assert!(main.starts_with("CON Mandi\n1 Repeat last order\n2 My orders\n3 Buy items\n4 Language"), "{main}");
    assert!(!main.contains("00 Back"), "the main menu has nowhere to go back to:\n{main}");

    let categories = press(&app, "s1", "3").await;
    assert!(categories.starts_with("CON Choose:\n1 Bakery\n"), "{categories}");
    let staples = pick(&app, "s1", "3", "Staples").await;
    let atta = pick(&app, "s1", &staples, "Aashirvaad Atta 5kg").await;
    let quantity = press(&app, "s1", &atta).await;
    assert!(quantity.contains("Aashirvaad Atta 5kg, Rs 305 a pack.\nHow many packs?"), "{quantity}");

    // Not a number of packs: the same question again, with a word about it.
    let again = press(&app, "s1", &format!("{atta}*abc")).await;
    assert!(again.starts_with("CON Invalid choice.\nAashirvaad Atta 5kg"), "{again}");
    let added = press(&app, "s1", &format!("{atta}*abc*2")).await;
    assert!(added.contains("Added Aashirvaad Atta 5kg x2. Cart: 1, Rs 610"), "{added}");

    // "1 More items" goes back to the categories; add a second product there.
    let more = format!("{atta}*abc*2*1");
    assert!(press(&app, "s1", &more).await.starts_with("CON Choose:\n1 Bakery"));
    let noodles = pick(&app, "s1", &more, "Noodles").await;
    let maggi = pick(&app, "s1", &noodles, "Maggi").await;
    let added = press(&app, "s1", &format!("{maggi}*3")).await;
    assert!(added.contains("Cart: 2,"), "{added}");

    let review_path = format!("{maggi}*3*2");
    let review = press(&app, "s1", &review_path).await;
    assert!(review.contains("Aashirvaad Atta 5kg x2"), "{review}");
    assert!(review.contains("1 Order now\n2 Empty cart"), "{review}");
    assert_eq!(orders(&app).await, 0, "nothing is ordered before the caller confirms");

    let done = press(&app, "s1", &format!("{review_path}*1")).await;
    assert!(done.starts_with("END Order ") && done.contains("sent to Sharma Traders"), "{done}");
    let code = done.split_whitespace().nth(2).unwrap().to_owned();
    let (state, session, lines): (String, Option<String>, i64) = sqlx::query_as(
        "select state, ussd_session, (select count(*) from order_lines l where l.order_id = o.id) from orders o",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((state.as_str(), session.as_deref(), lines), ("placed", Some("africastalking:s1"), 2));

    // The wholesaler gets the same notice as for an SMS order, and the shop an SMS with the code.
    let outbound = app.outbound().await;
    let notice = outbound.iter().find(|m| m.kind == "wholesaler_order").expect("a wholesaler notice");
    assert_eq!(notice.recipient, WHOLESALER);
    assert!(notice.body.contains(&format!("YES {code}")) && notice.body.contains("Aashirvaad Atta 5kg x2"));
    let placed = outbound.iter().find(|m| m.kind == "order_placed").expect("the shop's SMS");
    assert_eq!((placed.recipient.as_str(), placed.channel.as_str()), (SHOP, "africastalking"));
    assert!(placed.body.contains(&code), "{}", placed.body);

    // The provider retries the confirming request: the same answer, no second order.
    assert_eq!(press(&app, "s1", &format!("{review_path}*1")).await, done);
    assert_eq!(orders(&app).await, 1);

    // The cart is gone: the next dial opens on the main menu.
    assert!(press(&app, "s2", "").await.starts_with("CON Mandi\n1 Repeat"));
    app.stop().await;
}

#[tokio::test]
async fn lists_page_with_0_and_every_screen_goes_back_with_00() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let staples = pick(&app, "p1", "3", "Staples").await;
    let first = press(&app, "p1", &staples).await;
    assert!(first.starts_with("CON Staples:\n1 "), "{first}");
    assert!(first.ends_with("0 Next 00 Back"), "{first}");
    let page_two = press(&app, "p1", &format!("{staples}*0")).await;
    assert!(page_two.starts_with("CON Staples:\n1 "), "{page_two}");
    assert_ne!(first.lines().nth(1), page_two.lines().nth(1), "page two starts after page one");

    // Walk to the last page: no "next" there, and "0" is not a choice.
    let mut path = format!("{staples}*0");
    let mut screen = page_two;
    let mut pages = 2;
    while screen.contains("0 Next") {
        path.push_str("*0");
        screen = press(&app, "p1", &path).await;
        pages += 1;
    }
    assert!(pages >= 3, "27 staples take several pages");
    assert!(screen.ends_with("\n00 Back"), "{screen}");
    let last = screen.clone();
    path.push_str("*0");
    let invalid = press(&app, "p1", &path).await;
    assert!(invalid.starts_with("CON Invalid choice.\nStaples:"), "{invalid}");

    // Back through every page to the categories, then to the main menu.
    for _ in 0..pages - 1 {
        path.push_str("*00");
        screen = press(&app, "p1", &path).await;
    }
    assert_eq!(screen, first, "back through the pages ends on page one");
    path.push_str("*00");
    assert!(press(&app, "p1", &path).await.starts_with("CON Choose:"));
    path.push_str("*00");
    assert!(press(&app, "p1", &path).await.starts_with("CON Mandi\n"));
    path.push_str("*00");
    assert!(press(&app, "p1", &path).await.starts_with("CON Invalid choice.\nMandi\n"), "no back from the main menu");
    assert_ne!(last, first);

    // My orders and language go back too.
    assert!(press(&app, "p2", "2").await.contains("You have no orders yet.\n00 Back"));
    assert!(press(&app, "p2", "2*00").await.starts_with("CON Mandi"));
    let languages = press(&app, "p2", "2*00*4").await;
    assert!(languages.starts_with("CON Language:\n1 English"), "{languages}");
    assert!(press(&app, "p2", "2*00*4*00").await.starts_with("CON Mandi"));
    app.stop().await;
}

#[tokio::test]
async fn repeat_last_order_and_my_orders_read_what_sms_ordered() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    assert!(press(&app, "r0", "1").await.contains("You have no earlier order to repeat."));
    assert!(press(&app, "r0", "1*1").await.starts_with("CON Invalid choice.\nYou have no earlier order"));

    app.twilio_sms("SMu1", SHOP, "5 kg atta, 2 maggi").await;
    let first: String = sqlx::query_scalar("select code from orders").fetch_one(&app.pool).await.unwrap();
    let repeat = press(&app, "r1", "1").await;
    assert!(repeat.starts_with(&format!("CON Last order {first}: ")), "{repeat}");
    assert!(repeat.contains("1 Send it again\n00 Back"), "{repeat}");
    let done = press(&app, "r1", "1*1").await;
    assert!(done.starts_with("END Order "), "{done}");
    let second = done.split_whitespace().nth(2).unwrap().to_owned();
    assert_ne!(second, first);
    let same_lines: bool = sqlx::query_scalar(
        r#"select array_agg((product_id, packs) order by line_no) filter (where order_id = (select min(id) from orders))
              = array_agg((product_id, packs) order by line_no) filter (where order_id = (select max(id) from orders))
           from order_lines"#,
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(same_lines, "the repeat has the same products and packs");

    let mine = press(&app, "r2", "2").await;
    assert!(mine.contains(&format!("{second} waiting for wholesaler")), "{mine}");
    assert!(mine.contains(&format!("{first} waiting for wholesaler")), "{mine}");
    app.stop().await;
}

#[tokio::test]
async fn the_caller_changes_language_and_every_screen_fits_in_each() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let languages = press(&app, "l1", "4").await;
    let hindi = number_of(&languages, "हिन्दी").expect("Hindi in the list");
    let main = press(&app, "l1", &format!("4*{hindi}")).await;
    assert!(main.starts_with("CON ठीक है"), "{main}");
    let stored: Option<String> =
        sqlx::query_scalar("select lang from contacts where phone = $1").bind(SHOP).fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored.as_deref(), Some("hi"));

    // Every language: main menu, a category, a product page, the quantity question, the cart — all within the
    // screen limit (`press` checks it) and in the caller's script.
    for tag in ["en", "hi", "hi-Latn", "mr", "gu", "bn", "ta", "te", "kn"] {
        sqlx::query("update contacts set lang = $2 where phone = $1")
            .bind(SHOP)
            .bind(tag)
            .execute(&app.pool)
            .await
            .unwrap();
        let session = format!("lang-{tag}");
        let main = press(&app, &session, "").await;
        assert!(main.contains("\n4 "), "{tag}: {main}");
        press(&app, &session, "3").await;
        let products = press(&app, &session, "3*1").await;
        assert!(products.contains("\n1 "), "{tag}: {products}");
        let quantity = press(&app, &session, "3*1*1").await;
        assert!(quantity.contains("00 "), "{tag}: {quantity}");
        let added = press(&app, &session, "3*1*1*12").await;
        assert!(added.contains("x12"), "{tag}: {added}");
        let review = press(&app, &session, "3*1*1*12*2").await;
        assert!(review.contains("\n1 ") && review.contains("\n2 "), "{tag}: {review}");
        let emptied = press(&app, &session, "3*1*1*12*2*2").await;
        assert!(emptied.starts_with("CON "), "{tag}: {emptied}");
        let orders = press(&app, &session, "3*1*1*12*2*2*2").await;
        assert!(orders.starts_with("CON "), "{tag}: {orders}");
    }
    app.stop().await;
}

#[tokio::test]
async fn an_expired_or_unknown_session_starts_again_cleanly() {
    let ussd = UssdSettings { session_ttl: Duration::from_secs(1), ..UssdSettings::default() };
    let app = TestApp::spawn_with(TestOptions { ussd: Some(ussd), ..TestOptions::default() }).await;
    app.load_demo_data().await;

    // A session id never seen, arriving with inputs (the gateway restarted, or Redis lost it).
    let restarted = post_ussd(&app, "u1", SHOP, "3*1").await;
    assert!(restarted.starts_with("CON Starting again.\nMandi\n1 Repeat"), "{restarted}");
    // From there the caller carries on normally.
    assert!(press(&app, "u1", "3*1*3").await.starts_with("CON Choose:"));

    // The caller waits past the session's time to live.
    press(&app, "u2", "").await;
    press(&app, "u2", "2").await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let after = press(&app, "u2", "2*00").await;
    assert!(after.starts_with("CON Starting again.\nMandi"), "{after}");
    app.stop().await;
}

#[tokio::test]
async fn a_dropped_cart_is_offered_again_and_the_caller_is_told_by_sms_once() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let staples = pick(&app, "d1", "3", "Staples").await;
    let atta = pick(&app, "d1", &staples, "Aashirvaad Atta 5kg").await;
    press(&app, "d1", &format!("{atta}*1")).await;
    // The network drops the session here. Not yet idle long enough: nobody is told.
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    assert_eq!(app.ussd.tell_idle_carts(now).await.unwrap(), 0);
    assert_eq!(app.ussd.tell_idle_carts(now + 121).await.unwrap(), 1);
    assert_eq!(app.ussd.tell_idle_carts(now + 600).await.unwrap(), 0, "told once");
    let reminder = app.outbound().await.into_iter().find(|m| m.kind == "ussd_cart").expect("a reminder SMS");
    assert_eq!(reminder.recipient, SHOP);
    assert_eq!(reminder.body, format!("Your Mandi cart (1 items, Rs 305) is saved. Dial {DIAL} to finish the order."));

    // The next dial offers the cart; continuing shows it, and ordering empties it.
    let resume = press(&app, "d2", "").await;
    assert_eq!(resume, "CON Your cart is waiting: 1 item, Rs 305.\n1 Continue\n2 Start again");
    let review = press(&app, "d2", "1").await;
    assert!(review.contains("Aashirvaad Atta 5kg x1") && review.contains("1 Order now"), "{review}");
    // Back from the resumed cart is the main menu, which now lists the cart.
    let main = press(&app, "d2", "1*00").await;
    assert!(main.contains("5 My cart (1)"), "{main}");
    assert!(press(&app, "d2", "1*00*5").await.contains("1 Order now"));
    assert!(press(&app, "d2", "1*00*5*1").await.starts_with("END Order "));
    assert_eq!(orders(&app).await, 1);
    assert!(press(&app, "d3", "").await.starts_with("CON Mandi"));

    // "Start again" throws a waiting cart away.
    press(&app, "d4", &format!("{atta}*4")).await;
    assert!(press(&app, "d5", "").await.starts_with("CON Your cart is waiting"));
    assert!(press(&app, "d5", "2").await.starts_with("CON Mandi\n1 Repeat"));
    assert!(press(&app, "d6", "").await.starts_with("CON Mandi"));
    app.stop().await;
}

#[tokio::test]
async fn with_redis_gone_the_caller_hears_try_again_and_nothing_is_ordered() {
    let mut proxy = Proxy::start(redis_address()).await;
    let app = TestApp::spawn_with(TestOptions { redis_via: Some(proxy.address), ..TestOptions::default() }).await;
    app.load_demo_data().await;
    let staples = pick(&app, "x1", "3", "Staples").await;
    let atta = pick(&app, "x1", &staples, "Aashirvaad Atta 5kg").await;
    let review = format!("{atta}*2*2");
    assert!(press(&app, "x1", &review).await.contains("1 Order now"));

    proxy.cut();
    let answer = press(&app, "x1", &format!("{review}*1")).await;
    assert_eq!(answer, "END Sorry, something went wrong. Please try again.");
    assert_eq!(orders(&app).await, 0, "nothing half-done");
    // SMS still works without Redis.
    assert_eq!(app.twilio_sms("SMr1", SHOP, "5 kg atta").await.status(), 200);
    assert_eq!(orders(&app).await, 1);

    // Redis is back: the session carries on where it was.
    proxy.restore().await;
    let mut back = String::new();
    for _ in 0..50 {
        back = press(&app, "x1", &format!("{review}*1")).await;
        if back.starts_with("END Order") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back.starts_with("END Order "), "{back}");
    assert_eq!(orders(&app).await, 2);
    app.stop().await;
}

#[tokio::test]
async fn a_screen_that_takes_too_long_ends_politely_in_the_callers_language() {
    let ussd = UssdSettings { reply_timeout: Duration::from_millis(400), ..UssdSettings::default() };
    let app = TestApp::spawn_with(TestOptions { ussd: Some(ussd), ..TestOptions::default() }).await;
    app.load_demo_data().await;
    sqlx::query("update contacts set lang = 'hi-Latn' where phone = $1").bind(SHOP).execute(&app.pool).await.unwrap();
    assert!(press(&app, "t1", "").await.starts_with("CON "));

    // Someone holds the orders table: "my orders" cannot be read in time.
    let mut blocker = app.pool.begin().await.unwrap();
    sqlx::query("lock table orders in access exclusive mode").execute(&mut *blocker).await.unwrap();
    let slow = press(&app, "t1", "2").await;
    let expected = app.pipeline.translator.render_sms(
        &mandi::domain::LangTag::parse("hi-Latn").unwrap(),
        "ussd-try-again",
        &fluent_bundle::FluentArgs::new(),
    );
    assert_eq!(slow, format!("END {expected}"));
    assert!(!expected.contains("Sorry"), "{expected}");
    blocker.rollback().await.unwrap();
    assert!(press(&app, "t2", "2").await.starts_with("CON "));
    app.stop().await;
}

#[tokio::test]
async fn callers_who_are_not_shops_and_bad_requests_get_clear_answers() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let stranger = press_as(&app, "b1", "+919111111111", "").await;
    assert!(stranger.starts_with("END Sorry, this number is not registered"), "{stranger}");
    let wholesaler = press_as(&app, "b2", WHOLESALER, "").await;
    assert!(wholesaler.starts_with("END ") && wholesaler.contains("SMS"), "{wholesaler}");
    // The `+` of an unencoded number arrives as a space.
    let spaced = press_as(&app, "b3", " 919900000001", "").await;
    assert!(spaced.starts_with("CON Mandi"), "{spaced}");

    let post = |path: String, body: &'static str| {
        app.http.post(app.url(&path)).header("content-type", "application/x-www-form-urlencoded").body(body).send()
    };
    let ok_path = format!("/ussd/africastalking?token={AT_TOKEN}");
    assert_eq!(post(ok_path.clone(), "phoneNumber=%2B919900000001&text=").await.unwrap().status(), 400);
    assert_eq!(post(ok_path.clone(), "sessionId=z&text=1").await.unwrap().status(), 400);
    assert_eq!(post(ok_path, "").await.unwrap().status(), 400);
    let wrong = post("/ussd/africastalking?token=nope".into(), "sessionId=z&phoneNumber=%2B919900000001").await;
    assert_eq!(wrong.unwrap().status(), 403);
    assert_eq!(post("/ussd/nosuch".into(), "sessionId=z").await.unwrap().status(), 404);
    assert_eq!(post("/ussd/twilio".into(), "sessionId=z").await.unwrap().status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn the_generic_channel_takes_signed_json_ussd() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let body = serde_json::json!({"sessionId": "g1", "serviceCode": DIAL, "phoneNumber": SHOP, "text": ""});
    let raw = serde_json::to_vec(&body).unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let signature = mandi::channels::generic::Generic::sign(GENERIC_SECRET.as_bytes(), now, &raw);
    let send = |signature: Option<String>| {
        let mut request =
            app.http.post(app.url("/ussd/generic")).header("content-type", "application/json").body(raw.clone());
        if let Some(s) = signature {
            request = request.header("X-Mandi-Signature", s);
        }
        request.send()
    };
    let answer = send(Some(signature)).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.text().await.unwrap().starts_with("CON Mandi\n1 Repeat"));
    assert_eq!(send(None).await.unwrap().status(), 403);
    app.stop().await;
}
