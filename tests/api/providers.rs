//! Provider adapters registered in the running gateway: their webhooks and delivery reports over real HTTP.

use mandi::channels::plivo::{NONCE_HEADER, SIGNATURE_HEADER, signature};

use crate::helpers::{AT_TOKEN, SHOP, TestApp};

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.http.post(app.url(path)).form(form).send().await.unwrap()
}

#[tokio::test]
async fn africas_talking_orders_arrive_once_behind_the_path_token() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let sms = [
        ("from", SHOP),
        ("to", "21512"),
        ("text", "5 kg atta, 2 maggi"),
        ("id", "ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3"),
        ("date", "2017-05-03T06:04:45Z"),
        ("linkId", ""),
        ("networkCode", "63902"),
    ];
    let path = format!("/sms/africastalking?token={AT_TOKEN}");
    assert_eq!(post_form(&app, "/sms/africastalking", &sms).await.status(), 403, "no token");
    assert_eq!(post_form(&app, "/sms/africastalking?token=guess", &sms).await.status(), 403, "wrong token");
    assert_eq!(app.count("select count(*) from inbound_messages").await, 0, "nothing refused is stored");
    assert_eq!(post_form(&app, &path, &sms).await.status(), 200);
    assert_eq!(post_form(&app, &path, &sms).await.status(), 200, "AT's retry is acknowledged");
    assert_eq!(app.count("select count(*) from orders where state = 'placed'").await, 1, "and makes no second order");
    let no_text: Vec<_> = sms.iter().filter(|(k, _)| *k != "text").copied().collect();
    let refused = post_form(&app, &path, &no_text).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("field 'text' required"));

    // A delivery report for a message sent through AT.
    sqlx::query(
        "insert into outbound_messages (channel, recipient, body, kind, encoding, segments, status, provider_message_id)
         values ('africastalking', $1, 'Order K7PX confirmed', 'order_confirmed', 'GSM-7', 1, 'sent', 'ATXid_out1')",
    )
    .bind(SHOP)
    .execute(&app.pool)
    .await
    .unwrap();
    let status_path = format!("/status/africastalking?token={AT_TOKEN}");
    let report = [("id", "ATXid_out1"), ("status", "Success"), ("phoneNumber", SHOP), ("networkCode", "63902")];
    assert_eq!(post_form(&app, "/status/africastalking", &report).await.status(), 403);
    assert_eq!(post_form(&app, &status_path, &report).await.status(), 200);
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'delivered'").await, 1);
    let borked = [("id", "ATXid_out1"), ("status", "Borked")];
    assert_eq!(post_form(&app, &status_path, &borked).await.status(), 200, "unknown statuses are logged, not fatal");
    app.stop().await;
}

async fn post_plivo(app: &TestApp, path: &str, form: &[(&str, &str)], signed: bool) -> reqwest::Response {
    let owned: Vec<(String, String)> = form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let mut request = app.http.post(app.url(path)).form(form);
    if signed {
        let url = format!("{}{path}", crate::helpers::PUBLIC_URL);
        let sig = signature::compute_v3("POST", &url, &owned, "nonce-1", crate::helpers::PLIVO_TOKEN.as_bytes());
        request = request.header(SIGNATURE_HEADER, sig).header(NONCE_HEADER, "nonce-1");
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn plivo_webhooks_are_verified_and_orders_arrive_once() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // Plivo sends Indian numbers without the +, and Hindi as UTF-8.
    let sms = [
        ("From", "919900000001"),
        ("To", "919000000001"),
        ("Text", "2 किलो चीनी"),
        ("Type", "sms"),
        ("MessageUUID", "abc1234"),
        ("TotalRate", "0"),
    ];
    assert_eq!(post_plivo(&app, "/sms/plivo", &sms, false).await.status(), 403);
    assert_eq!(post_plivo(&app, "/sms/plivo", &sms, true).await.status(), 200);
    assert_eq!(post_plivo(&app, "/sms/plivo", &sms, true).await.status(), 200);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    let line: String = sqlx::query_scalar("select sku from order_lines").fetch_one(&app.pool).await.unwrap();
    assert_eq!(line, "SUGAR-LOOSE-1KG");

    sqlx::query(
        "insert into outbound_messages (channel, recipient, body, kind, encoding, segments, status, provider_message_id)
         values ('plivo', $1, 'Order K7PX confirmed', 'order_confirmed', 'GSM-7', 1, 'sent', '12345')",
    )
    .bind(SHOP)
    .execute(&app.pool)
    .await
    .unwrap();
    let part = [("ParentMessageUUID", "12345"), ("MessageUUID", "12346"), ("Status", "delivered")];
    assert_eq!(post_plivo(&app, "/status/plivo", &part, true).await.status(), 200);
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'delivered'").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn the_generic_channel_sends_signed_json_and_takes_signed_reports() {
    use mandi::channels::generic::{Generic, verify};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};

    let app = TestApp::spawn().await;
    Mock::given(method("POST"))
        .and(path("/generic/send"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "G-1"})))
        .expect(1)
        .mount(&app.twilio)
        .await;
    app.load_demo_data().await;
    // An SMS that came in on the generic channel is answered on it.
    let inbound = serde_json::json!({"id": "gen-1", "from": SHOP, "to": "5656", "text": "status"});
    assert_eq!(app.post_generic(&inbound).await.status(), 200);
    assert_eq!(app.run_outbox().await.sent, 1);
    let request = &app.twilio.received_requests().await.unwrap()[0];
    let header = request.headers.get("x-mandi-signature").unwrap().to_str().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert_eq!(verify(crate::helpers::GENERIC_SECRET.as_bytes(), header, &request.body, now), Ok(()));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent["to"], SHOP);
    assert!(sent["text"].as_str().unwrap().contains("order"), "{sent}");
    assert!(sent["dlt_template_id"].is_string(), "{sent}");

    let report = serde_json::to_vec(&serde_json::json!({"id": "G-1", "status": "delivered"})).unwrap();
    let unsigned = app.http.post(app.url("/status/generic")).body(report.clone()).send().await.unwrap();
    assert_eq!(unsigned.status(), 403);
    let signed = app
        .http
        .post(app.url("/status/generic"))
        .header("X-Mandi-Signature", Generic::sign(crate::helpers::GENERIC_SECRET.as_bytes(), now, &report))
        .body(report)
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'delivered'").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn msg91_and_textlocal_orders_arrive_once_and_msg91_reports_apply() {
    use crate::helpers::{MSG91_TOKEN, TEXTLOCAL_TOKEN};

    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // MSG91 forwards a longcode SMS; the number comes without the country code.
    let sms = [("requestId", "5f2a9c1e0001"), ("sender", "9900000001"), ("message", "do kilo chini")];
    assert_eq!(post_form(&app, "/sms/msg91", &sms).await.status(), 403);
    let path = format!("/sms/msg91?token={MSG91_TOKEN}");
    assert_eq!(post_form(&app, &path, &sms).await.status(), 200);
    assert_eq!(post_form(&app, &path, &sms).await.status(), 200);
    // Textlocal posts the same SMS twice (its retry): one message, one order.
    let tl = [("sender", "919900000001"), ("inNumber", "919220000000"), ("content", "3 maggi"), ("keyword", "MANDI")];
    let tl_path = format!("/sms/textlocal?token={TEXTLOCAL_TOKEN}");
    assert_eq!(post_form(&app, "/sms/textlocal?token=nope", &tl).await.status(), 403);
    assert_eq!(post_form(&app, &tl_path, &tl).await.status(), 200);
    assert_eq!(post_form(&app, &tl_path, &tl).await.status(), 200);
    assert_eq!(app.count("select count(*) from inbound_messages").await, 2);
    assert_eq!(app.count("select count(*) from orders").await, 2);

    // An MSG91 v3 delivery report (JSON) for a message sent through it: status 17, a blocked number.
    sqlx::query(
        "insert into outbound_messages (channel, recipient, body, kind, encoding, segments, status, provider_message_id)
         values ('msg91', $1, 'Order K7PX confirmed', 'order_confirmed', 'GSM-7', 1, 'sent', '346aa0130')",
    )
    .bind(SHOP)
    .execute(&app.pool)
    .await
    .unwrap();
    let report =
        serde_json::json!({"requestId": "346aa0130", "number": "919900000001", "status": "17", "desc": "BLOCKED"});
    let response =
        app.http.post(app.url(&format!("/status/msg91?token={MSG91_TOKEN}"))).json(&report).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'failed'").await, 1);
    assert_eq!(app.count("select count(*) from opt_outs").await, 1);
    app.stop().await;
}
