//! Route attributes on `fn` and `async fn`: options reach `META`, `Args::from_values`
//! converts and range-checks, `routes![]` collects across modules.

#![allow(dead_code, unused_variables)]

use std::borrow::Cow;

use http::Method;
use stellwerk::routing::Value;
use stellwerk::routing::macro_support::{DefaultValue, VarPart};
use stellwerk::{delete, get, options, patch, post, put, route, routes};

#[get("/users/<int(min=1):id>")]
fn show_user(id: u32) -> String {
    format!("user {id}")
}

#[route(
    "/posts/<slug>/<int:page>",
    methods = ["GET", "post"],
    endpoint = "post_page",
    defaults(lang = "en", draft = false),
    strict_slashes = false,
    merge_slashes = false,
    subdomain = "<tenant>",
)]
async fn post_page(tenant: String, slug: &str, page: u8, method: Method) -> String {
    format!("{tenant} {slug} {page} {method}")
}

// Handlers answer with a response type (`IntoResponse`): the length as text.
#[post("/upload/<path:file>")]
pub fn upload(file: Cow<'_, str>) -> String {
    file.len().to_string()
}

#[put("/price/<float(signed=true):x>")]
fn put_price(x: f32) {}

#[patch("/things/<uuid:id>")]
fn patch_thing(id: uuid::Uuid) {}

#[delete("/addr/<ip>")]
fn delete_addr(ip: std::net::Ipv4Addr) {}

#[options(
    "/ws",
    websocket = true,
    alias = false,
    build_only = true,
    host = "api.example.com"
)]
fn ws_options() {}

#[route("/old/<int:id>", redirect_to = "/users/<id>")]
fn old_user(id: i64) {}

mod nested {
    pub mod deeper {
        use stellwerk::get;

        #[get("/deep/<any(a, b):which>")]
        pub fn deep(which: String) -> String {
            which
        }
    }
}

#[test]
fn handlers_are_emitted_unchanged() {
    assert_eq!(show_user(5), "user 5");
    assert_eq!(upload(Cow::Borrowed("a/b")), "3");
    assert_eq!(nested::deeper::deep("a".into()), "a");
    let fut = post_page("t".into(), "s", 2, Method::GET);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(s) => assert_eq!(s, "t s 2 GET"),
        std::task::Poll::Pending => panic!("an async handler without awaits is ready at once"),
    }
}

#[test]
fn options_reach_meta() {
    let m = post_page::META;
    assert_eq!(m.rule, "/posts/<slug>/<int:page>");
    assert_eq!(m.endpoint, "post_page");
    assert_eq!(m.handler, "post_page");
    assert_eq!(m.methods, Some(&["GET", "POST"][..]));
    assert_eq!(
        m.defaults,
        &[
            ("lang", DefaultValue::Str("en")),
            ("draft", DefaultValue::Bool(false))
        ]
    );
    assert_eq!(m.strict_slashes, Some(false));
    assert_eq!(m.merge_slashes, Some(false));
    assert_eq!(m.subdomain, Some("<tenant>"));
    let vars: Vec<(&str, &str, VarPart)> = m
        .variables
        .iter()
        .map(|v| (v.name, v.converter, v.part))
        .collect();
    assert_eq!(
        vars,
        [
            ("tenant", "default", VarPart::Subdomain),
            ("slug", "default", VarPart::Path),
            ("page", "int", VarPart::Path)
        ]
    );
    assert_eq!(m.location.file, file!());
    assert_eq!(m.location.line, 18, "the line of `#[route(`");

    let w = ws_options::META;
    assert_eq!(w.methods, Some(&["OPTIONS"][..]));
    assert!(w.websocket && w.build_only && !w.alias);
    assert_eq!(w.host, Some("api.example.com"));
    assert_eq!(show_user::META.endpoint, "show_user");
    assert_eq!(show_user::META.variables[0].args, "min=1");
    assert_eq!(old_user::META.redirect_to, Some("/users/<id>"));
    assert_eq!(old_user::META.methods, None);
    assert_eq!(put_price::META.methods, Some(&["PUT"][..]));
    assert_eq!(patch_thing::META.methods, Some(&["PATCH"][..]));
    assert_eq!(delete_addr::META.methods, Some(&["DELETE"][..]));
    assert_eq!(upload::META.methods, Some(&["POST"][..]));
}

#[test]
fn args_convert_and_check_ranges() {
    for (value, expected) in [
        (Value::Int(5), Some(5u8)),
        (Value::Int(255), Some(255)),
        (Value::Int(300), None),
        (Value::Int(-1), None),
        (Value::Str("5".into()), None),
    ] {
        let args = post_page::Args::from_values(&[
            Value::Str("t".into()),
            Value::Str("s".into()),
            value.clone(),
        ]);
        assert_eq!(args.map(|a| a.page), expected, "page {value:?}");
    }
    let a = post_page::Args::from_values(&["acme".into(), "hello".into(), Value::Int(3)]).unwrap();
    assert_eq!(
        (a.tenant.as_str(), a.slug.as_str(), a.page),
        ("acme", "hello", 3)
    );
    assert!(
        post_page::Args::from_values(&["x".into()]).is_none(),
        "wrong arity"
    );

    assert_eq!(
        show_user::Args::from_values(&[Value::Int(7)]).unwrap().id,
        7
    );
    assert!(show_user::Args::from_values(&[Value::Int(1 << 40)]).is_none());
    let ip = delete_addr::Args::from_values(&["10.0.0.1".into()])
        .unwrap()
        .ip;
    assert_eq!(ip, std::net::Ipv4Addr::new(10, 0, 0, 1));
    assert!(
        delete_addr::Args::from_values(&["nope".into()]).is_none(),
        "FromStr failure"
    );
    assert_eq!(
        put_price::Args::from_values(&[Value::Float(1.5)])
            .unwrap()
            .x,
        1.5f32
    );
    assert!(
        put_price::Args::from_values(&[Value::Float(1e300)]).is_none(),
        "f32 overflow"
    );
    let u = uuid::Uuid::nil();
    assert_eq!(
        patch_thing::Args::from_values(&[Value::Uuid(u)])
            .unwrap()
            .id,
        u
    );
    assert_eq!(
        upload::Args::from_values(&["a/b".into()]).unwrap().file,
        "a/b"
    );
}

/// `routes![]` resolves every handler's callback by the path written (module paths, an
/// imported name, the same handler twice is the group's business); what the group does with
/// the entries is tested with the group.
#[test]
fn routes_resolves_handlers_across_modules() {
    use nested::deeper::deep;
    let _group = routes![show_user, post_page, nested::deeper::deep];
    let _imported = routes![deep, upload];
    let _empty = routes![];
}

#[test]
fn call_passes_args_and_extractors_in_the_handlers_order() {
    let args = show_user::Args::from_values(&[Value::Int(3)]).unwrap();
    assert_eq!(show_user::call(args), "user 3");
    let args = upload::Args::from_values(&["a/b/c".into()]).unwrap();
    assert_eq!(upload::call(args), "5");
    let args = post_page::Args::from_values(&["t".into(), "s".into(), Value::Int(4)]).unwrap();
    let fut = post_page::call(args, Method::POST);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(s) => assert_eq!(s, "t s 4 POST"),
        std::task::Poll::Pending => panic!("an async handler without awaits is ready at once"),
    }
}

#[get("/pages/", defaults(page = 1, lang = "en", draft = false, ratio = 0.5))]
fn pages(page: u32, lang: &str, draft: bool, ratio: f32) -> String {
    format!("{page} {lang} {draft} {ratio}")
}

#[get("/bad-default/", defaults(ip = "nope"))]
fn bad_default(ip: std::net::Ipv4Addr) {}

#[test]
fn defaults_bind_to_arguments_of_the_same_name() {
    let args = pages::Args::from_values(&[]).unwrap();
    assert_eq!(
        (args.page, args.lang.as_str(), args.draft, args.ratio),
        (1, "en", false, 0.5)
    );
    assert_eq!(pages::call(args), "1 en false 0.5");
    assert_eq!(pages::url().unwrap(), "/pages/");
    assert!(
        bad_default::Args::from_values(&[]).is_none(),
        "a default the type cannot parse never matches (primitive types are checked at build time)"
    );
}
