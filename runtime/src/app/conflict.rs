//! Build-time checks of an application: handlers against endpoints, and routes of
//! different mounts that match the same requests.
//!
//! Within one map or group the router itself rejects duplicates. Across mounts the
//! longest prefix is tried first, so a route of another mount that matches exactly the
//! same requests could never answer: that is reported with both routes named. The check
//! puts the two mounts' rules, prefixed, into one map and lets the map's semantic
//! duplicate detection (same methods, host and language) decide; overlaps that priority
//! resolves inside one map (static before dynamic) are not conflicts.
//!
//! Not checked: maps with host matching, rules with a host or subdomain, and maps with
//! custom converters (the combined map cannot know them). Not detected: a route that is
//! hidden by a *more general* route of a mount tried first (`/blog/<x>` in the `/blog`
//! mount hides `/blog/<int:x>` of the root mount): across mounts the prefix decides, not
//! the routes' priority, and only exact duplicates are reported.

use crate::routing::group::RouteGroup;
use crate::routing::{Map, RuleErrorKind};

use super::error::{AppError, RouteRef};
use super::{Mount, Router};

/// Every reachable endpoint has a handler; every handler has an endpoint.
pub(crate) fn check_handlers(mount: &Mount) -> Result<(), AppError> {
    let map = match &mount.router {
        Router::Map(map) => map,
        Router::Group(group) => return check_group_handlers(mount, group),
    };
    for rule in map.rules() {
        if rule.is_build_only() || rule.redirect_target().is_some() {
            continue;
        }
        if let Some(endpoint) = rule.endpoint_name()
            && !mount.handlers.contains_key(endpoint)
        {
            return Err(AppError::MissingHandler {
                prefix: mount.prefix.clone(),
                endpoint: endpoint.to_owned(),
                rule: rule.rule().to_owned(),
            });
        }
    }
    let mut endpoints: Vec<&String> = mount.handlers.keys().collect();
    endpoints.sort();
    for endpoint in endpoints {
        if map.rules_for(endpoint).is_none() {
            return Err(AppError::UnknownEndpoint {
                prefix: mount.prefix.clone(),
                endpoint: endpoint.clone(),
            });
        }
    }
    Ok(())
}

/// Every route of a group that requests can reach has an adapter.
fn check_group_handlers(mount: &Mount, group: &RouteGroup) -> Result<(), AppError> {
    let map = group.to_map().ok();
    for (i, spec) in group.routes().iter().enumerate() {
        let redirects = map
            .and_then(|m| m.rules().nth(i))
            .is_some_and(|r| r.redirect_target().is_some());
        if spec.build_only || redirects {
            continue;
        }
        if mount.route_handlers.get(i).is_none_or(Option::is_none) {
            return Err(AppError::MissingHandler {
                prefix: mount.prefix.clone(),
                endpoint: spec.endpoint.to_string(),
                rule: spec.rule.to_string(),
            });
        }
    }
    Ok(())
}

/// Whether one prefix contains the other at a segment boundary (or they are equal).
fn prefixes_nest(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether two mounts compete for the same requests. Host-restricted mounts are tried
/// before unrestricted ones, so an unrestricted route is at most hidden on one host and
/// still answers on the others: only mounts with the same restriction can conflict.
fn same_restriction(a: &Mount, b: &Mount) -> bool {
    a.host == b.host && a.subdomain == b.subdomain
}

fn mount_label(mount: &Mount) -> String {
    match (&mount.host, &mount.subdomain) {
        (Some(host), _) => format!("{host}{}", mount.prefix),
        (None, Some(sub)) => format!("{sub}.*{}", mount.prefix),
        (None, None) => format!("{}/", mount.prefix).replace("//", "/"),
    }
}

/// The rules a conflict check can reason about, with their labels.
fn checkable(mount: &Mount) -> Option<&Map> {
    let map = mount.router.map()?;
    if map.host_matching()
        || map
            .rules()
            .any(|r| r.host_name().is_some() || r.subdomain_name().is_some())
    {
        return None;
    }
    Some(map)
}

fn tag(mount: usize, rule: usize) -> String {
    format!("@@{mount}.{rule}@@")
}

/// The `(mount, rule)` tags in a duplicate message, in order of appearance.
fn tags_in(message: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find("@@") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("@@") else { break };
        if let Some((m, r)) = after[..end].split_once('.')
            && let (Ok(m), Ok(r)) = (m.parse(), r.parse())
        {
            found.push((m, r));
        }
        rest = &after[end + 2..];
    }
    found
}

fn route_ref(mounts: &[Mount], (m, r): (usize, usize)) -> RouteRef {
    let mount = &mounts[m];
    let rule = mount.router.map().and_then(|map| map.rules().nth(r));
    let location = match &mount.router {
        Router::Group(group) => group.infos().get(r).map(|i| {
            format!(
                "{}:{}:{}",
                i.location.file, i.location.line, i.location.column
            )
        }),
        Router::Map(_) => None,
    };
    RouteRef {
        mount: mount_label(mount),
        endpoint: rule
            .and_then(|r| r.endpoint_name())
            .unwrap_or("")
            .to_owned(),
        rule: rule.map(|r| r.rule().to_owned()).unwrap_or_default(),
        location,
    }
}

/// Routes of two mounts that match the same requests.
pub(crate) fn check_mounts(mounts: &[Mount]) -> Result<(), AppError> {
    for i in 0..mounts.len() {
        for j in i + 1..mounts.len() {
            let (a, b) = (&mounts[i], &mounts[j]);
            if !prefixes_nest(&a.prefix, &b.prefix) || !same_restriction(a, b) {
                continue;
            }
            let (Some(map_a), Some(map_b)) = (checkable(a), checkable(b)) else {
                continue;
            };
            let mut builder = Map::builder();
            for (index, mount, map) in [(i, a, map_a), (j, b, map_b)] {
                for (k, rule) in map.rules().enumerate() {
                    if rule.is_build_only() {
                        continue;
                    }
                    let mut combined = rule.clone();
                    combined.rule = format!("{}{}", mount.prefix, rule.rule());
                    combined.endpoint = Some(tag(index, k));
                    combined.redirect_to = None;
                    combined.alias = false;
                    builder = builder.rule(combined);
                }
            }
            match builder.build() {
                Err(e) if e.kind == RuleErrorKind::Duplicate => {
                    let tags = tags_in(&e.message);
                    if let [later, earlier, ..] = tags[..] {
                        // The mount tried first at dispatch (same restriction): the longer
                        // prefix, else the one mounted first.
                        let first_is_earlier = {
                            let (pe, pl) = (&mounts[earlier.0].prefix, &mounts[later.0].prefix);
                            pe.len() > pl.len() || (pe.len() == pl.len() && earlier.0 < later.0)
                        };
                        let (first, second) = if first_is_earlier {
                            (earlier, later)
                        } else {
                            (later, earlier)
                        };
                        return Err(AppError::Conflict {
                            first: Box::new(route_ref(mounts, first)),
                            second: Box::new(route_ref(mounts, second)),
                        });
                    }
                }
                // Anything else (a custom converter the combined map does not know) means
                // the pair cannot be checked this way; each map was valid on its own.
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_nest_at_segment_boundaries() {
        for (a, b, expected) in [
            ("", "/blog", true),
            ("/blog", "/blog", true),
            ("/blog", "/blog/x", true),
            ("/blog", "/blogs", false),
            ("/a", "/b", false),
        ] {
            assert_eq!(prefixes_nest(a, b), expected, "{a:?} {b:?}");
            assert_eq!(prefixes_nest(b, a), expected, "{b:?} {a:?}");
        }
    }

    #[test]
    fn tags_are_found_in_order() {
        assert_eq!(
            tags_in("rule \"/x\" (endpoint \"@@1.4@@\") ... (endpoint \"@@0.12@@\")"),
            [(1, 4), (0, 12)]
        );
        assert_eq!(tags_in("no tags @@x@@"), []);
    }
}
