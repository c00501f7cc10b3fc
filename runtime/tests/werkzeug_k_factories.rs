//! Reference vectors K: rule factories (Submount, Subdomain, EndpointPrefix, RuleTemplate).
//!
//! `m.iter_rules()` is [`Map::rules`] (insertion order). Werkzeug reads a rule's subdomain
//! after binding; the Rust [`Rule`] keeps the setting (`None`: the map's default
//! subdomain, `""` in these setups), so an unset subdomain is shown as `""`.
//!
//! Not ported (Python-only):
//! * 562 (`Rule.empty()` on a subclass with custom `get_empty_kwargs`) and 563
//!   (`rule.__dict__ == rule.empty().__dict__`): they test Python's copy protocol for Rule
//!   subclasses. A Rust `Rule` is a plain value copied with `Clone`; there is no `empty()`
//!   and no subclassing.

mod common;
use common::*;

/// (rule string, subdomain or "", endpoint) of every rule of the map.
fn rule_rows(m: &Map) -> Vec<(String, String, String)> {
    m.rules()
        .map(|r| {
            (
                r.rule().to_string(),
                r.subdomain_name().unwrap_or("").to_string(),
                r.endpoint_name().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn rule_templates() {
    let testcase = RuleTemplate::new()
        .add(
            Submount::new("/test/$app")
                .rule(r("/foo/", "handle_foo"))
                .rule(r("/bar/", "handle_bar"))
                .rule(r("/baz/", "handle_baz")),
        )
        .add(
            EndpointPrefix::new("${app}")
                .rule(r("/${app}-blah", "bar"))
                .rule(r("/${app}-meh", "baz")),
        )
        .add(
            Subdomain::new("$app")
                .rule(r("/blah", "x_bar"))
                .rule(r("/meh", "x_baz")),
        );
    let tmpl = build_map(
        "tmpl",
        Map::builder()
            .add(testcase.apply([("app", "test1")]))
            .add(testcase.apply([("app", "test2")])),
    );
    let mut sorted = rule_rows(&tmpl);
    sorted.sort();
    let res = build_map(
        "res",
        ["user", "page"].iter().fold(Map::builder(), |b, n| {
            b.add(
                RuleTemplate::new()
                    .rule(r("/$name/", "$name.list"))
                    .rule(r("/$name/<int:id>", "$name.show"))
                    .apply([("name", *n)]),
            )
        }),
    );
    let res_rows: Vec<(String, String)> = rule_rows(&res)
        .into_iter()
        .map(|(rule, _, endpoint)| (rule, endpoint))
        .collect();
    let mut t = Table::new();
    t.check(
        "547 tmpl rules of two template applications",
        sorted,
        owned(&[
            ("/blah", "test1", "x_bar"),
            ("/blah", "test2", "x_bar"),
            ("/meh", "test1", "x_baz"),
            ("/meh", "test2", "x_baz"),
            ("/test/test1/bar/", "", "handle_bar"),
            ("/test/test1/baz/", "", "handle_baz"),
            ("/test/test1/foo/", "", "handle_foo"),
            ("/test/test2/bar/", "", "handle_bar"),
            ("/test/test2/baz/", "", "handle_baz"),
            ("/test/test2/foo/", "", "handle_foo"),
            ("/test1-blah", "", "test1bar"),
            ("/test1-meh", "", "test1baz"),
            ("/test2-blah", "", "test2bar"),
            ("/test2-meh", "", "test2baz"),
        ]),
    );
    t.check(
        "548 res RuleTemplate doc example",
        res_rows,
        [
            ("/user/", "user.list"),
            ("/user/<int:id>", "user.show"),
            ("/page/", "page.list"),
            ("/page/<int:id>", "page.show"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect(),
    );
    t.check(
        "551 template placeholder without a value",
        rule_error(
            Map::builder().add(RuleTemplate::new().rule(r("/$missing", "x")).apply(Vec::<(
                String,
                String,
            )>::new(
            ))),
        ),
        Some(RuleErrorKind::Template),
    );
    t.finish();
}

/// The settings of a rule that tdrop (550) inspects.
#[derive(Debug, PartialEq)]
struct Settings {
    rule: String,
    endpoint: Option<String>,
    redirect_to: Option<String>,
    alias: bool,
    websocket: bool,
    defaults: Vec<(String, Value)>,
    methods: Option<Vec<String>>,
    strict_slashes: Option<bool>,
}

fn settings(rule: &Rule) -> Settings {
    Settings {
        rule: rule.rule().to_string(),
        endpoint: rule.endpoint_name().map(str::to_string),
        redirect_to: match rule.redirect_target() {
            Some(RedirectTo::Template(t)) => Some(t.clone()),
            Some(RedirectTo::Function(_)) => Some("<function>".to_string()),
            None => None,
        },
        alias: rule.is_alias(),
        websocket: rule.is_websocket(),
        defaults: rule.default_values().to_vec(),
        methods: rule.method_names().map(<[String]>::to_vec),
        strict_slashes: rule.strict_slashes_setting(),
    }
}

#[test]
fn rule_template_keeps_settings() {
    let tdrop = RuleTemplate::new()
        .rule(
            r("/$n", "$n")
                .redirect_to("/other")
                .alias(true)
                .websocket(true)
                .defaults([("k", "$n-d")])
                .methods(["GET"])
                .strict_slashes(false),
        )
        .apply([("n", "abc")]);
    let mut t = Table::new();
    // departure 7: factories keep every setting; Werkzeug's RuleTemplate drops redirect_to,
    // alias and websocket (it gives redirect_to None, alias False, websocket False).
    // `method_names` lists the methods as given; HEAD is added when the map binds the rule.
    t.check(
        "550 tdrop RuleTemplate keeps redirect_to, alias, websocket (departure 7)",
        tdrop
            .get_rules()
            .map(|rules| rules.iter().map(settings).collect::<Vec<_>>())
            .map_err(|e| e.kind),
        Ok(vec![Settings {
            rule: "/abc".to_string(),
            endpoint: Some("abc".to_string()),
            redirect_to: Some("/other".to_string()),
            alias: true,
            websocket: true,
            defaults: vec![("k".to_string(), s("abc-d"))],
            methods: Some(vec!["GET".to_string()]),
            strict_slashes: Some(false),
        }]),
    );
    // departure 9: with its alias flag kept, `abc` is an alias-only endpoint.
    t.check(
        "550 tdrop as a map: alias-only endpoint (departures 7 and 9)",
        rule_error(Map::builder().add(tdrop)),
        Some(RuleErrorKind::AliasOnly),
    );
    t.finish();
}

#[test]
fn endpoint_prefix_submount_subdomain() {
    let blog = build_map(
        "blog",
        Map::builder().rule(r("/", "index")).add(
            EndpointPrefix::new("blog/").add(
                Submount::new("/blog")
                    .rule(r("/", "index"))
                    .rule(r("/entry/<entry_slug>", "show")),
            ),
        ),
    );
    let a = blog.bind("h", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("553 blog /blog", get("/blog"), redirect("http://h/blog/")),
        (
            "554 blog /blog/entry/hi",
            get("/blog/entry/hi"),
            ok("blog/show", &[("entry_slug", s("hi"))]),
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    t.check_build(
        "556 blog build index",
        &a,
        &build("index", vec![]),
        &Url::Is("/"),
    );
    let subm = build_map(
        "subm",
        Map::builder()
            .add(Submount::new("/blog/").rule(r("/", "i")).rule(r("/x", "x")))
            .add(Submount::new("").rule(r("/y", "y")))
            .add(Submount::new("/a").add(Submount::new("/b").rule(r("/c", "c"))))
            .add(Subdomain::new("a").rule(r("/", "a1").subdomain("zzz"))),
    );
    t.check(
        "557 subm Submount strips '/', nests; Subdomain overrides",
        rule_rows(&subm)
            .into_iter()
            .map(|(rule, sub, _)| (rule, sub))
            .collect::<Vec<_>>(),
        [
            ("/blog/", ""),
            ("/blog/x", ""),
            ("/y", ""),
            ("/a/b/c", ""),
            ("/", "a"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect(),
    );
    t.finish();
}

#[test]
fn submount_keeps_websocket_and_merge_slashes() {
    let smws = build_map(
        "smws",
        Map::builder().add(
            Submount::new("/x")
                .rule(r("/ws", "ws").websocket(true))
                .rule(r("/a//b", "nm").merge_slashes(false)),
        ),
    );
    let mut t = Table::new();
    // departure 7: factories keep websocket and merge_slashes; Werkzeug's Rule.empty()
    // drops both, giving [('/x/ws', False, True), ('/x/a//b', False, True)]. An unset
    // merge_slashes inherits the map's (true).
    t.check(
        "559 smws Submount keeps websocket and merge_slashes (departure 7)",
        smws.rules()
            .map(|r| {
                (
                    r.rule().to_string(),
                    r.is_websocket(),
                    r.merge_slashes_setting().unwrap_or(true),
                )
            })
            .collect::<Vec<_>>(),
        vec![
            ("/x/ws".to_string(), true, true),
            ("/x/a//b".to_string(), false, false),
        ],
    );
    // departure 7: the websocket rule stays a websocket rule; Werkzeug gives 400.
    t.check_match(
        "560 smws ws-scheme /x/ws (departure 7)",
        &smws.bind("h", "/").url_scheme("ws"),
        &get("/x/ws"),
        &ok("ws", &[]),
    );
    t.finish();
}
