//! The Microsoft clouds a client can talk to: each has its own sign-in host and Graph host.

use crate::runtime::BaseUrl;

/// A Microsoft cloud: the global service or a national cloud.
///
/// ```
/// use msgraph_comms::runtime::client::Cloud;
///
/// assert_eq!(
///     Cloud::UsGov.token_endpoint("contoso.onmicrosoft.com"),
///     "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token"
/// );
/// assert_eq!(Cloud::China.graph_scope(), "https://microsoftgraph.chinacloudapi.cn/.default");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service: `login.microsoftonline.com`, `graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4 (GCC High): `login.microsoftonline.us`, `graph.microsoft.us`.
    UsGov,
    /// US Government L5 (DoD): `login.microsoftonline.us`, `dod-graph.microsoft.us`.
    UsGovDod,
    /// Microsoft Graph China operated by 21Vianet: `login.chinacloudapi.cn`,
    /// `microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, to recognise a Graph host.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];

    /// The Microsoft Entra sign-in host.
    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Global => "login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "login.microsoftonline.us",
            Cloud::China => "login.chinacloudapi.cn",
        }
    }

    /// The Microsoft Graph host.
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGov => "graph.microsoft.us",
            Cloud::UsGovDod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The base URL of the cloud's Graph service, for [`ClientBuilder::base_url`](super::ClientBuilder::base_url).
    pub fn graph_base_url(self) -> BaseUrl {
        BaseUrl::new(format!("https://{}", self.graph_host()))
    }

    /// The scope of an app-only token for Graph: `https://{graph host}/.default`.
    pub fn graph_scope(self) -> String {
        format!("https://{}/.default", self.graph_host())
    }

    /// The OAuth 2.0 v2.0 token endpoint of a tenant (its id or a verified domain).
    pub fn token_endpoint(self, tenant: &str) -> String {
        format!("https://{}/{tenant}/oauth2/v2.0/token", self.login_host())
    }

    /// Whether `host` is the Graph host of some cloud: the only hosts a token goes to, with the
    /// client's own base URL.
    pub fn is_graph_host(host: &str) -> bool {
        Self::ALL
            .iter()
            .any(|cloud| host.eq_ignore_ascii_case(cloud.graph_host()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_its_own_hosts() {
        assert_eq!(
            Cloud::Global.token_endpoint("t"),
            "https://login.microsoftonline.com/t/oauth2/v2.0/token"
        );
        assert_eq!(
            Cloud::UsGovDod.graph_scope(),
            "https://dod-graph.microsoft.us/.default"
        );
        assert_eq!(Cloud::UsGov.login_host(), Cloud::UsGovDod.login_host());
        assert_eq!(
            Cloud::China.graph_base_url().as_str(),
            "https://microsoftgraph.chinacloudapi.cn"
        );
        assert!(Cloud::is_graph_host("GRAPH.microsoft.com"));
        assert!(!Cloud::is_graph_host("graph.microsoft.com.evil.example"));
        assert!(!Cloud::is_graph_host("login.microsoftonline.com"));
    }
}
