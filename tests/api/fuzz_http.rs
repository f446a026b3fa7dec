//! Random and hostile requests to every webhook, status and USSD route of a real gateway: whatever arrives, the
//! answer is never a 5xx (a bad request is a 4xx; a USSD screen is a 200). More cases with PROPTEST_CASES.

use proptest::prelude::*;

use crate::helpers::{AT_TOKEN, MSG91_TOKEN, TEXTLOCAL_TOKEN, TestApp};

fn routes() -> Vec<String> {
    let mut routes = Vec::new();
    for kind in ["sms", "status", "ussd"] {
        routes.push(format!("/{kind}/twilio"));
        routes.push(format!("/{kind}/generic"));
        routes.push(format!("/{kind}/plivo"));
        routes.push(format!("/{kind}/africastalking?token={AT_TOKEN}"));
        routes.push(format!("/{kind}/msg91?token={MSG91_TOKEN}"));
        routes.push(format!("/{kind}/textlocal?token={TEXTLOCAL_TOKEN}"));
        routes.push(format!("/{kind}/nosuch"));
    }
    routes
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("sessionId"),
        Just("phoneNumber"),
        Just("text"),
        Just("serviceCode"),
        Just("from"),
        Just("to"),
        Just("id"),
        Just("From"),
        Just("Body"),
        Just("MessageSid"),
        Just("status"),
        Just("sender"),
        Just("content")
    ];
    let value = prop_oneof![
        any::<String>(),
        Just("+919900000001".to_owned()),
        "[0-9*#]{0,20}",
        "[\u{0900}-\u{0DFF} 0-9]{0,40}",
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        prop::collection::vec((field, value), 0..8).prop_map(|fields| {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &fields {
                form.append_pair(k, v);
            }
            form.finish().into_bytes()
        }),
        any::<String>()
            .prop_map(|s| serde_json::json!({"id": s, "from": s, "text": s, "sessionId": s}).to_string().into_bytes()),
    ]
}

#[test]
fn no_request_makes_the_gateway_fail() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let app = runtime.block_on(async {
        let app = TestApp::spawn().await;
        app.load_demo_data().await;
        app
    });
    let routes = routes();
    let config = ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    };
    proptest!(config, |(route in prop::sample::select(routes.clone()), body in body(),
                        content_type in prop::sample::select(vec!["application/x-www-form-urlencoded", "application/json", "text/plain"]))| {
        let status = runtime.block_on(async {
            app.http
                .post(app.url(&route))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        });
        prop_assert!(status.as_u16() < 500, "{route} answered {status}");
    });
    runtime.block_on(app.stop());
}
