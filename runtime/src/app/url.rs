//! URL building through the application: the mount prefix and script root are added, and
//! absolute URLs take their scheme and host from the request.

use crate::routing::{BuildError, BuildOptions, Value};

use super::context::RequestUrlParts;
use super::{App, Mount};

impl App {
    /// Builds `endpoint` from the mount that handles the request (if any), then from the
    /// other mounts in mount order.
    pub(crate) fn build_url(
        &self,
        endpoint: &str,
        values: &[(&str, Value)],
        parts: Option<&RequestUrlParts>,
        external: bool,
    ) -> Result<String, BuildError> {
        let inner = &self.inner;
        let current = parts.and_then(|p| p.mount);
        let order = current
            .into_iter()
            .chain((0..inner.mounts.len()).filter(|&i| Some(i) != current));
        let mut last_error = None;
        for index in order {
            let mount = &inner.mounts[index];
            if !mount.has_endpoint(endpoint) {
                continue;
            }
            match self.build_in(mount, endpoint, values, parts, external) {
                Ok(url) => return Ok(url),
                Err(e) => {
                    last_error.get_or_insert(e);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| BuildError {
            endpoint: endpoint.to_owned(),
            method: None,
            values: {
                let mut names: Vec<String> = values.iter().map(|(k, _)| (*k).to_owned()).collect();
                names.sort();
                names
            },
            rejected: None,
            hint: Some("No mounted map or group has this endpoint.".to_owned()),
        }))
    }

    /// The host a mount answers on, if it is restricted to one.
    pub(crate) fn mount_host(&self, mount: &Mount) -> Option<String> {
        if let Some(host) = &mount.host {
            return Some(host.clone());
        }
        match (&mount.subdomain, &self.inner.server_name) {
            (Some(sub), Some(server)) if sub.is_empty() => Some(server.clone()),
            (Some(sub), Some(server)) => Some(format!("{sub}.{server}")),
            _ => None,
        }
    }

    fn build_in(
        &self,
        mount: &Mount,
        endpoint: &str,
        values: &[(&str, Value)],
        parts: Option<&RequestUrlParts>,
        external: bool,
    ) -> Result<String, BuildError> {
        let inner = &self.inner;
        let script_root = parts.map_or_else(
            || inner.config.get_script_root().to_owned(),
            |p| p.script_root.clone(),
        );
        let scheme = parts.map_or("http", |p| p.scheme.as_str());
        let request_host = parts.and_then(|p| p.host.clone());
        let mount_host = self.mount_host(mount);
        let host = mount_host
            .clone()
            .or_else(|| request_host.clone())
            .or_else(|| inner.server_name.clone())
            .unwrap_or_else(|| "localhost".to_owned());
        let script_name = format!("{script_root}{}", mount.prefix);
        let Some(map) = mount.router.map() else {
            return Err(BuildError {
                endpoint: endpoint.to_owned(),
                method: None,
                values: Vec::new(),
                rejected: None,
                hint: Some("The routes of this mount do not compile into a map.".to_owned()),
            });
        };
        let adapter = map.bind(&host, &script_name).url_scheme(scheme);
        let built = adapter.build_with(
            endpoint,
            values,
            BuildOptions {
                url_scheme: Some(scheme.to_owned()),
                ..BuildOptions::default()
            },
        )?;
        // The map makes a URL absolute when the rule lives on another (sub)domain; the
        // application does so when the mount lives on another host than the request's.
        let other_host = mount_host.is_some() && mount_host != request_host;
        if built.starts_with('/') && (external || other_host) {
            Ok(format!("{scheme}://{host}{built}"))
        } else {
            Ok(built)
        }
    }
}

impl Mount {
    pub(crate) fn has_endpoint(&self, endpoint: &str) -> bool {
        self.router
            .map()
            .is_some_and(|map| map.rules_for(endpoint).is_some())
    }
}
