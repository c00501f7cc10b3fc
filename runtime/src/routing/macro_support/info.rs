//! [`RouteInfo`], the `META` constant of a route, and [`build_url`], the typed builders' core.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::routing::converter::{Converter, ValidationError};
use crate::routing::error::BuildError;
use crate::routing::factory::Rule;
use crate::routing::map::MapBuilder;
use crate::routing::quote::{quote_path, quote_query};
use crate::routing::rule::{self, Token};
use crate::routing::value::Value;

/// Where a route attribute is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLocation {
    /// The source file (as `file!()` reports it).
    pub file: &'static str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A route's handler adapter, type-erased: the routing core knows no request types, so
/// the route attribute stores its adapter (a function pointer of the application's
/// handler type, `app::HandlerPtr` of the runtime's `web` feature) as `dyn Any`, and the
/// application downcasts it when the group is mounted.
#[derive(Clone, Copy)]
pub struct HandlerSlot(Option<&'static (dyn Any + Send + Sync)>);

impl HandlerSlot {
    /// No adapter (a route whose handler cannot be called by the application, or a
    /// hand-written `RouteInfo`).
    pub const NONE: HandlerSlot = HandlerSlot(None);

    /// The adapter.
    pub const fn new(adapter: &'static (dyn Any + Send + Sync)) -> Self {
        HandlerSlot(Some(adapter))
    }

    /// The adapter, if there is one.
    pub fn get(&self) -> Option<&'static (dyn Any + Send + Sync)> {
        self.0
    }
}

impl PartialEq for HandlerSlot {
    /// Both set or both empty. Addresses are no identity: every use of a `META` constant
    /// may get its own copy of the adapter pointer. The other fields of a [`RouteInfo`]
    /// (rule, endpoint, source location) identify the route.
    fn eq(&self, other: &Self) -> bool {
        self.0.is_some() == other.0.is_some()
    }
}

impl std::fmt::Debug for HandlerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "HandlerSlot(set)"
        } else {
            "HandlerSlot(none)"
        })
    }
}

/// Which string of the route a variable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarPart {
    /// The `subdomain = "..."` option.
    Subdomain,
    /// The `host = "..."` option.
    Host,
    /// The rule (path) string.
    Path,
}

/// One rule variable: its name and converter, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarInfo {
    /// The variable name.
    pub name: &'static str,
    /// The converter name (`"default"` for `<name>`; a type name for custom converters).
    pub converter: &'static str,
    /// The converter arguments as written between the parentheses (`""` when none).
    pub args: &'static str,
    /// Which string the variable is in.
    pub part: VarPart,
}

/// A default value written in a route attribute (`defaults(page = 1)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    /// A string literal.
    Str(&'static str),
    /// An integer literal.
    Int(i128),
    /// A float literal.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl DefaultValue {
    /// The runtime value.
    pub fn to_value(&self) -> Value {
        match *self {
            DefaultValue::Str(s) => Value::Str(s.to_string()),
            DefaultValue::Int(i) => Value::Int(i),
            DefaultValue::Float(x) => Value::Float(x),
            DefaultValue::Bool(b) => Value::Bool(b),
        }
    }
}

/// A custom converter named in a rule (`<Color:c>`) and how to make its runtime converter.
#[derive(Debug, Clone, Copy)]
pub struct CustomConverterInfo {
    /// The name the rule uses (the type's name).
    pub name: &'static str,
    /// Makes the runtime converter (a [`CustomConverter`](super::CustomConverter)).
    pub make: fn() -> Box<dyn Converter>,
}

/// Two entries are equal when they name the same converter (function pointers have no
/// meaningful equality).
impl PartialEq for CustomConverterInfo {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// Everything a route attribute says, as a constant (`<handler>::META`).
///
/// ```
/// use stellwerk_runtime::routing::macro_support::{RouteInfo, SourceLocation};
///
/// const META: RouteInfo = RouteInfo {
///     methods: Some(&["GET"]),
///     ..RouteInfo::new("/about", "about", SourceLocation { file: "src/main.rs", line: 3, column: 1 })
/// };
/// let rule = META.to_rule();
/// assert_eq!(rule.rule(), "/about");
/// assert_eq!(rule.endpoint_name(), Some("about"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteInfo {
    /// The rule string.
    pub rule: &'static str,
    /// The endpoint name (the function name unless `endpoint = "..."` is given).
    pub endpoint: &'static str,
    /// The handler function's name.
    pub handler: &'static str,
    /// The methods as written, upper-cased (`None`: every method).
    pub methods: Option<&'static [&'static str]>,
    /// `defaults(...)`.
    pub defaults: &'static [(&'static str, DefaultValue)],
    /// `strict_slashes = ...` (`None`: the map's setting).
    pub strict_slashes: Option<bool>,
    /// `merge_slashes = ...` (`None`: the map's setting).
    pub merge_slashes: Option<bool>,
    /// `host = "..."`.
    pub host: Option<&'static str>,
    /// `subdomain = "..."`.
    pub subdomain: Option<&'static str>,
    /// `redirect_to = "..."`.
    pub redirect_to: Option<&'static str>,
    /// `alias = true`.
    pub alias: bool,
    /// `websocket = true`.
    pub websocket: bool,
    /// `build_only = true`.
    pub build_only: bool,
    /// The variables in order: subdomain or host variables first, then the path's.
    pub variables: &'static [VarInfo],
    /// The custom converters the rule names, so a [`Map`](crate::routing::Map) can be built
    /// from this route ([`RouteInfo::add_to`]).
    pub converters: &'static [CustomConverterInfo],
    /// Where the attribute is.
    pub location: SourceLocation,
    /// The handler adapter the application calls (see [`HandlerSlot`]).
    pub adapter: HandlerSlot,
}

impl RouteInfo {
    /// A route with only a rule, an endpoint (also used as the handler name) and a location.
    pub const fn new(rule: &'static str, endpoint: &'static str, location: SourceLocation) -> Self {
        RouteInfo {
            rule,
            endpoint,
            handler: endpoint,
            methods: None,
            defaults: &[],
            strict_slashes: None,
            merge_slashes: None,
            host: None,
            subdomain: None,
            redirect_to: None,
            alias: false,
            websocket: false,
            build_only: false,
            variables: &[],
            converters: &[],
            location,
            adapter: HandlerSlot::NONE,
        }
    }

    /// Adds this route to a map builder: its custom converters (under the names the rule
    /// uses) and its rule.
    ///
    /// ```
    /// use stellwerk_runtime::routing::macro_support::{RouteInfo, SourceLocation};
    /// use stellwerk_runtime::routing::Map;
    ///
    /// const META: RouteInfo = RouteInfo::new("/a/<int:x>", "a", SourceLocation { file: "x.rs", line: 1, column: 1 });
    /// let map = META.add_to(Map::builder()).build().unwrap();
    /// assert_eq!(map.bind("h", "/").build("a", &[("x", 3.into())]).unwrap(), "/a/3");
    /// ```
    pub fn add_to(&self, builder: MapBuilder) -> MapBuilder {
        let mut builder = builder;
        for c in self.converters {
            let make = c.make;
            builder = builder.converter(c.name, move |_args| Ok(make()));
        }
        builder.rule(self.to_rule())
    }

    /// The same route as a runtime [`Rule`] (for a [`Map`](crate::routing::Map)).
    pub fn to_rule(&self) -> Rule {
        let mut rule = Rule::new(self.rule)
            .endpoint(self.endpoint)
            .defaults(self.defaults.iter().map(|(k, v)| (*k, v.to_value())))
            .alias(self.alias)
            .websocket(self.websocket)
            .build_only(self.build_only);
        if let Some(methods) = self.methods {
            rule = rule.methods(methods.iter().copied());
        }
        if let Some(on) = self.strict_slashes {
            rule = rule.strict_slashes(on);
        }
        if let Some(on) = self.merge_slashes {
            rule = rule.merge_slashes(on);
        }
        if let Some(host) = self.host {
            rule = rule.host(host);
        }
        if let Some(sub) = self.subdomain {
            rule = rule.subdomain(sub);
        }
        if let Some(target) = self.redirect_to {
            rule = rule.redirect_to(target);
        }
        rule
    }
}

/// The parsed form of a route's rule, parsed once per thread.
///
/// The macro already validated the rule at compile time, but `url()` needs its tokens at run
/// time; parsing them on every call was most of the cost of a typed URL. Rules are
/// `&'static str`s from `RouteInfo`, so the cache is bounded by the number of routes.
fn parsed_rule(source: &'static str) -> Option<Rc<rule::ParsedRule>> {
    thread_local! {
        static PARSED: RefCell<HashMap<&'static str, Rc<rule::ParsedRule>>> =
            RefCell::new(HashMap::new());
    }
    PARSED.with(|cache| {
        if let Some(parsed) = cache.borrow().get(source) {
            return Some(Rc::clone(parsed));
        }
        let parsed = Rc::new(rule::parse(source).ok()?);
        cache.borrow_mut().insert(source, Rc::clone(&parsed));
        Some(parsed)
    })
}

/// Builds the path (and query string) of a route from its variables' URL texts.
///
/// `texts` holds, in [`RouteInfo::variables`] order, what each variable's converter made of
/// the value (`Converter::to_url`, already percent-encoded) or why it rejected it. Domain
/// variables are validated but not part of the result: the host belongs to the application.
/// `query` values are percent-encoded like the runtime builder's (`quote_plus`); a query key
/// that is one of the route's defaults must equal the default (Werkzeug's rule selection)
/// and is then left out.
///
/// ```
/// use stellwerk_runtime::routing::macro_support::{build_url, RouteInfo, SourceLocation};
///
/// const META: RouteInfo = RouteInfo::new("/p/<id>", "p", SourceLocation { file: "x.rs", line: 1, column: 1 });
/// let url = build_url(&META, &[Ok("7".into())], &[("q", "a b".into())]).unwrap();
/// assert_eq!(url, "/p/7?q=a+b");
/// ```
pub fn build_url(
    info: &RouteInfo,
    texts: &[Result<String, ValidationError>],
    query: &[(&str, Value)],
) -> Result<String, BuildError> {
    let error = |rejected: String| BuildError {
        endpoint: info.endpoint.to_string(),
        method: None,
        values: {
            let mut keys: Vec<String> = info
                .variables
                .iter()
                .map(|v| v.name.to_string())
                .chain(query.iter().map(|(k, _)| k.to_string()))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        },
        rejected: Some(rejected),
        hint: None,
    };
    for (var, text) in info.variables.iter().zip(texts) {
        if let Err(e) = text {
            return Err(error(format!(
                "The value for '{}' was rejected: {e}",
                var.name
            )));
        }
    }
    let parsed = parsed_rule(info.rule)
        .ok_or_else(|| error(format!("the rule {:?} does not parse", info.rule)))?;
    let merge = info.merge_slashes.unwrap_or(true);
    let first_path_var = info
        .variables
        .iter()
        .take_while(|v| v.part != VarPart::Path)
        .count();
    let mut path = String::new();
    let mut prev_slash = false;
    let mut var_index = first_path_var;
    for token in &parsed.tokens {
        match token {
            Token::Slash(_) => {
                // Same as the Map: with merge_slashes, `//` builds as `/`.
                if !(merge && prev_slash) {
                    path.push('/');
                }
                prev_slash = true;
            }
            Token::Static(s) => {
                prev_slash = false;
                path.push_str(&quote_path(&s.text));
            }
            Token::Variable(v) => {
                prev_slash = false;
                match texts.get(var_index) {
                    Some(Ok(text)) => path.push_str(text),
                    _ => return Err(error(format!("The value for '{}' is missing", v.name))),
                }
                var_index += 1;
            }
        }
    }
    let mut first = true;
    for (key, value) in query {
        if let Some((_, default)) = info.defaults.iter().find(|(k, _)| k == key) {
            if default.to_value() != *value {
                return Err(error(format!(
                    "'{key}' is a default of this route and must equal {:?}",
                    default.to_value()
                )));
            }
            continue;
        }
        let items: Vec<&Value> = match value {
            Value::List(list) => list.iter().collect(),
            v => vec![v],
        };
        for item in items {
            path.push(if first { '?' } else { '&' });
            first = false;
            quote_query(key, &mut path);
            path.push('=');
            quote_query(&item.to_text(), &mut path);
        }
    }
    Ok(path)
}
