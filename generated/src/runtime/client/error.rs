//! Hand-written support code (not generated, edit freely): what can go wrong when sending a
//! request, and Graph's error body (`{"error": {"code", "message", "innerError"}}`) decoded.

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

use super::token::TokenError;
use crate::runtime::RequestError;

/// Why a request sent through [`Client`](super::Client) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with a non-2xx status (after retries). Boxed to keep `Result<T, Error>`
    /// small on the success path.
    Graph(Box<GraphError>),
    /// The request never got an HTTP answer (connection, TLS, timeout), or reqwest could not
    /// take it (for example a relative URL).
    Transport(reqwest::Error),
    /// A 2xx body did not decode into the documented type.
    Decode {
        /// The status of the answer.
        status: http::StatusCode,
        /// What serde_json said.
        source: serde_json::Error,
        /// The body as received (invalid UTF-8 replaced), to see what came instead.
        body: String,
    },
    /// The request could not be built (for example a next-page link that is not a URL).
    Build(RequestError),
    /// The token provider gave no usable token.
    Token(TokenError),
}

impl Error {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::Graph(e) => Some(e.status),
            Self::Decode { status, .. } => Some(*status),
            Self::Transport(_) | Self::Build(_) | Self::Token(_) => None,
        }
    }

    /// The Graph error, when Graph answered with one.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            Self::Graph(e) => Some(&**e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Graph(e) => e.fmt(f),
            Self::Transport(_) => f.write_str("the request got no HTTP answer"),
            Self::Decode { status, .. } => {
                write!(f, "the {status} response body did not decode")
            }
            Self::Build(_) => f.write_str("could not build the request"),
            Self::Token(_) => f.write_str("could not get an access token"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Graph(_) => None,
            Self::Transport(e) => Some(e),
            Self::Decode { source, .. } => Some(source),
            Self::Build(e) => Some(e),
            Self::Token(e) => Some(e),
        }
    }
}

impl From<GraphError> for Error {
    fn from(e: GraphError) -> Self {
        Self::Graph(Box::new(e))
    }
}

impl From<RequestError> for Error {
    fn from(e: RequestError) -> Self {
        Self::Build(e)
    }
}

impl From<TokenError> for Error {
    fn from(e: TokenError) -> Self {
        Self::Token(e)
    }
}

/// A non-2xx answer from Graph, with its error body decoded when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// The HTTP status.
    pub status: http::StatusCode,
    /// `error.code`, e.g. `"UnknownError"`, `"Request_ResourceNotFound"`.
    pub code: Option<String>,
    /// `error.message`.
    pub message: Option<String>,
    /// `error.innerError` (or `innererror`): the ids to quote to Microsoft support.
    pub inner_error: Option<InnerError>,
    /// The last answer's `Retry-After`, when it had one.
    pub retry_after: Option<Duration>,
    /// The `client-request-id` the request was sent with (the client makes one when the
    /// caller does not), to quote with [`GraphError::request_id`].
    pub client_request_id: Option<String>,
    /// The answer's `request-id` header: Graph's id for the request.
    pub request_id_header: Option<String>,
    /// The raw body, for bodies that are not Graph errors.
    pub body: String,
}

impl GraphError {
    /// Decodes `body` as far as it is a Graph error; anything else is kept only in
    /// [`GraphError::body`].
    pub fn from_body(status: http::StatusCode, body: &[u8]) -> Self {
        let mut error = Self {
            status,
            code: None,
            message: None,
            inner_error: None,
            retry_after: None,
            client_request_id: None,
            request_id_header: None,
            body: String::from_utf8_lossy(body).into_owned(),
        };
        let Ok(Value::Object(mut root)) = serde_json::from_slice::<Value>(body) else {
            return error;
        };
        let Some(Value::Object(mut members)) = root.remove("error") else {
            return error;
        };
        error.code = take_string(&mut members, "code");
        error.message = match members.remove("message") {
            Some(Value::String(message)) => Some(message),
            // OData v3 style: `"message": {"lang": "en-US", "value": "…"}`.
            Some(Value::Object(mut message)) => take_string(&mut message, "value"),
            _ => None,
        };
        let inner = members
            .remove("innerError")
            .or_else(|| members.remove("innererror"));
        if let Some(Value::Object(inner)) = inner {
            error.inner_error = Some(InnerError::from_members(inner));
        }
        error
    }

    /// `innerError.request-id`, else the answer's `request-id` header: the id Microsoft
    /// support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.inner_error
            .as_ref()
            .and_then(|inner| inner.request_id.as_deref())
            .or(self.request_id_header.as_deref())
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ": {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request-id {id})")?;
        }
        if let Some(id) = &self.client_request_id {
            write!(f, " (client-request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

/// `error.innerError`: when and under which ids Graph handled the request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InnerError {
    /// `request-id`.
    pub request_id: Option<String>,
    /// `client-request-id`: the id the client sent, echoed.
    pub client_request_id: Option<String>,
    /// `date`, as sent (e.g. `2024-05-01T10:00:00`).
    pub date: Option<String>,
    /// Every other member (and any of the above that was not a string), as sent.
    pub additional: Map<String, Value>,
}

impl InnerError {
    fn from_members(mut members: Map<String, Value>) -> Self {
        Self {
            request_id: take_string(&mut members, "request-id"),
            client_request_id: take_string(&mut members, "client-request-id"),
            date: take_string(&mut members, "date"),
            additional: members,
        }
    }
}

/// Removes `key` when it is a string; anything else stays where it is.
fn take_string(members: &mut Map<String, Value>, key: &str) -> Option<String> {
    if !members.get(key).is_some_and(Value::is_string) {
        return None;
    }
    match members.remove(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use serde_json::json;

    #[test]
    fn graph_error_body_is_decoded() {
        let body = json!({"error": {
            "code": "Request_ResourceNotFound",
            "message": "Resource not found.",
            "innerError": {
                "request-id": "r-1",
                "client-request-id": "c-1",
                "date": "2024-05-01T10:00:00",
                "innerError": {"code": "deeper"}
            }
        }});
        let e = GraphError::from_body(StatusCode::NOT_FOUND, body.to_string().as_bytes());
        assert_eq!(e.code.as_deref(), Some("Request_ResourceNotFound"));
        assert_eq!(e.message.as_deref(), Some("Resource not found."));
        let inner = e.inner_error.as_ref().unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("r-1"));
        assert_eq!(inner.client_request_id.as_deref(), Some("c-1"));
        assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
        assert_eq!(inner.additional["innerError"], json!({"code": "deeper"}));
        assert_eq!(e.body, body.to_string());
        assert_eq!(
            e.to_string(),
            "Graph answered 404 Not Found: Request_ResourceNotFound: Resource not found. (request-id r-1)"
        );
    }

    #[test]
    fn lowercase_innererror_and_odata_v3_message() {
        let body = br#"{"error":{"code":"x","message":{"lang":"en","value":"m"},"innererror":{"request-id":7}}}"#;
        let e = GraphError::from_body(StatusCode::BAD_REQUEST, body);
        assert_eq!(e.message.as_deref(), Some("m"));
        let inner = e.inner_error.unwrap();
        assert_eq!(inner.request_id, None);
        assert_eq!(inner.additional["request-id"], 7);
    }

    #[test]
    fn other_bodies_are_kept_raw() {
        for body in [
            &b"<html>Bad gateway</html>"[..],
            b"",
            b"[1]",
            br#"{"error":"nope"}"#,
            b"\xff\xfe",
        ] {
            let e = GraphError::from_body(StatusCode::BAD_GATEWAY, body);
            assert_eq!(e.code, None);
            assert_eq!(e.message, None);
            assert_eq!(e.inner_error, None);
            assert_eq!(e.body, String::from_utf8_lossy(body));
            assert_eq!(e.to_string(), "Graph answered 502 Bad Gateway");
        }
    }

    #[test]
    fn error_display_and_status() {
        let source = serde_json::from_str::<Value>("").unwrap_err();
        let e = Error::Decode {
            status: StatusCode::NO_CONTENT,
            source,
            body: String::new(),
        };
        assert_eq!(
            e.to_string(),
            "the 204 No Content response body did not decode"
        );
        assert_eq!(e.status(), Some(StatusCode::NO_CONTENT));
        assert!(std::error::Error::source(&e).is_some());
        let e = Error::from(TokenError::new("expired"));
        assert_eq!(e.to_string(), "could not get an access token");
        assert_eq!(e.status(), None);
        assert!(e.graph().is_none());
    }
}
