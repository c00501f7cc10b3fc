//! Compiling a route set into a [`Plan`] (the state machine the generated code spells out)
//! and evaluating a plan exactly as the generated code runs.

use std::fmt;

use crate::routing::error::{RuleError, RuleErrorKind};
use crate::routing::map::Map;
use crate::routing::matcher::{Leaf, Program, StateId, StateMachine};

use super::arg::trimmed;
use super::search::{Abort, Pos, Search, Step, convert_arg};
use super::spec::RouteSpec;

/// A compiled route set: the routes and the state machine the interpreted [`Map`] builds
/// for them (built by the very same code: [`Map::builder`]). The `routes![]` macro emits
/// one Rust function per state of [`Plan::machine`]; [`Plan::search`] evaluates the plan
/// with the same steps, so tests can compare a plan against the [`Map`] on any input.
///
/// ```
/// use stellwerk_runtime::routing::group::{compile, RouteSpec, Search};
/// use http::Method;
///
/// let plan = compile(&[RouteSpec::new("/a/<int:n>", "a"), RouteSpec::new("/a/<x>", "b")]).unwrap();
/// let mut s = Search::new("", Some("a/7"), Some(&Method::GET), false);
/// assert_eq!(plan.search(&mut s), Ok(Some(0)));
/// let mut s = Search::new("", Some("a/x"), Some(&Method::GET), false);
/// assert_eq!(plan.search(&mut s), Ok(Some(1)));
/// ```
#[derive(Clone, Debug)]
pub struct Plan {
    /// The routes, in `routes![]` order (the leaves' `rule` indexes point here).
    pub routes: Vec<RouteSpec>,
    /// The interpreted map of the same routes (endpoints are the routes' endpoints).
    pub map: Map,
}

/// Why a route set does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupError {
    /// One route is invalid on its own (grammar, converter, methods...).
    Rule {
        /// The route's index.
        index: usize,
        /// What is wrong.
        error: RuleError,
    },
    /// Two routes match the same requests (same methods, subdomain and language).
    Duplicate {
        /// The route listed first.
        earlier: usize,
        /// The route listed later.
        later: usize,
    },
}

impl fmt::Display for GroupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupError::Rule { index, error } => write!(f, "route #{index}: {error}"),
            GroupError::Duplicate { earlier, later } => write!(
                f,
                "route #{later} matches the same requests as route #{earlier}"
            ),
        }
    }
}

impl std::error::Error for GroupError {}

/// The interpreted map of a route set: default settings, host matching when any route has
/// a host.
pub(crate) fn build_map(routes: &[RouteSpec]) -> Result<Map, RuleError> {
    routes
        .iter()
        .fold(
            Map::builder().host_matching(routes.iter().any(|r| r.host.is_some())),
            |b, r| b.rule(r.to_rule()),
        )
        .build()
}

/// Compiles a route set with the interpreted map's builder. On an error, finds the route
/// it belongs to (and for a duplicate, the earlier route it duplicates); that search only
/// runs on the error path.
pub fn compile(routes: &[RouteSpec]) -> Result<Plan, GroupError> {
    match build_map(routes) {
        Ok(map) => Ok(Plan {
            routes: routes.to_vec(),
            map,
        }),
        Err(error) => Err(locate(routes, error)),
    }
}

fn locate(routes: &[RouteSpec], error: RuleError) -> GroupError {
    // The builder stops at the first bad rule, so "this prefix fails" is monotone.
    let (mut lo, mut hi) = (0, routes.len());
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if build_map(&routes[..mid]).is_err() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let later = hi.saturating_sub(1);
    let error = build_map(&routes[..=later]).err().unwrap_or(error);
    if error.kind == RuleErrorKind::Duplicate
        && let Some(earlier) = (0..later).find(|&j| {
            build_map(&[routes[j].clone(), routes[later].clone()])
                .is_err_and(|e| e.kind == RuleErrorKind::Duplicate)
        })
    {
        return GroupError::Duplicate { earlier, later };
    }
    GroupError::Rule {
        index: later,
        error,
    }
}

impl Plan {
    /// The state machine (state 0 is the root).
    pub fn machine(&self) -> &StateMachine {
        self.map.state_machine()
    }

    /// The leaves of the static `""` child of a state (rules ending in `/` one segment
    /// further): the slash-redirect candidates when the path ends at this state.
    pub fn slash_leaves(&self, state: StateId) -> &[Leaf] {
        let m = self.machine();
        match m.states[state].static_target("") {
            Some(child) => &m.states[child].leaves,
            None => &[],
        }
    }

    /// Runs the search the generated matcher runs, by reading the plan.
    pub fn search(&self, s: &mut Search<'_>) -> Step {
        s.args.clear();
        self.state(0, Pos::Domain, s)
    }

    fn state(&self, id: StateId, pos: Pos, s: &mut Search<'_>) -> Step {
        let state = &self.machine().states[id];
        let Some((raw, next)) = s.next(pos) else {
            for leaf in &state.leaves {
                if s.fits(methods(leaf).as_deref(), leaf.websocket) {
                    return Ok(Some(leaf.rule));
                }
            }
            for leaf in self.slash_leaves(id) {
                if s.fits_quietly(methods(leaf).as_deref(), leaf.websocket) {
                    if leaf.strict_slashes {
                        return Err(Abort::SlashRequired);
                    }
                    return Ok(Some(leaf.rule));
                }
            }
            return Ok(None);
        };
        let segment = s.decode(pos, raw)?;
        if let Some(child) = state.static_target(&segment)
            && let Some(r) = self.state(child, next, s)?
        {
            return Ok(Some(r));
        }
        for t in &state.dynamics {
            let mark = s.mark();
            let (text, after) = if t.part.is_final {
                match s.final_text(pos, t.part.suffixed)? {
                    Some(found) => found,
                    None => continue,
                }
            } else {
                (segment.clone(), next)
            };
            let matched = match &t.part.program {
                Program::Single {
                    prefix,
                    converter,
                    suffix,
                } => {
                    let fits = text
                        .strip_prefix(prefix.as_str())
                        .and_then(|r| r.strip_suffix(suffix.as_str()))
                        .is_some();
                    fits && {
                        let middle = trimmed(&text, prefix.len(), suffix.len());
                        s.push_arg(convert_arg(converter, middle))
                    }
                }
                Program::Regex { .. } => s.push_part(&t.part, &text),
            };
            if matched {
                if let Some(r) = self.state(t.target, after, s)? {
                    return Ok(Some(r));
                }
                s.reset(mark);
            }
        }
        if s.at_trailing_slash(pos, raw) {
            for leaf in &state.leaves {
                if !leaf.strict_slashes && s.fits(methods(leaf).as_deref(), leaf.websocket) {
                    return Ok(Some(leaf.rule));
                }
            }
        }
        Ok(None)
    }
}

fn methods(leaf: &Leaf) -> Option<Vec<&str>> {
    leaf.methods
        .as_ref()
        .map(|ms| ms.iter().map(|m| m.as_str()).collect())
}

/// The parts of every route, as paths through the state machine: for route `i`,
/// `paths[i]` lists the edges taken from the root (`None` for routes that are not in the
/// machine).
pub(crate) fn route_paths(machine: &StateMachine, count: usize) -> Vec<Option<Vec<Edge>>> {
    let mut paths = vec![None; count];
    let mut stack: Vec<(StateId, Vec<Edge>)> = vec![(0, Vec::new())];
    while let Some((id, path)) = stack.pop() {
        let state = &machine.states[id];
        for leaf in &state.leaves {
            if let Some(slot) = paths.get_mut(leaf.rule) {
                *slot = Some(path.clone());
            }
        }
        for edge in &state.statics {
            let mut p = path.clone();
            p.push(Edge {
                from: id,
                kind: EdgeKind::Static(edge.text.to_string()),
            });
            stack.push((edge.target, p));
        }
        for (i, t) in state.dynamics.iter().enumerate() {
            let mut p = path.clone();
            p.push(Edge {
                from: id,
                kind: EdgeKind::Dynamic(i),
            });
            stack.push((t.target, p));
        }
    }
    paths
}

/// One step of a route's path through the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: StateId,
    pub kind: EdgeKind,
}

/// A static transition (by text) or the n-th dynamic transition of a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    Static(String),
    Dynamic(usize),
}
