//! Hand-written support code (not generated, edit freely): builds the `http::Request`s that the
//! generated endpoint functions return, leaving sending them to whatever HTTP client the caller
//! uses.

use std::borrow::Cow;
use std::fmt;

use http::header::{ACCEPT, CONTENT_TYPE};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

/// Where requests go: `https://graph.microsoft.com` by default; national clouds and tests
/// override it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The global Microsoft Graph service.
    pub const GLOBAL: &'static str = "https://graph.microsoft.com";

    /// A base URL such as `https://graph.microsoft.us` or `http://127.0.0.1:8080`; trailing `/`s
    /// are trimmed so paths can be appended as they are. It is checked only when a request is
    /// built.
    pub fn new(url: impl Into<String>) -> Self {
        let mut url = url.into();
        url.truncate(url.trim_end_matches('/').len());
        Self(url)
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for BaseUrl {
    /// [`BaseUrl::GLOBAL`].
    fn default() -> Self {
        Self::new(Self::GLOBAL)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a request could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// The body could not be serialized.
    Body(serde_json::Error),
    /// The URL or a header was invalid.
    Http(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Body(_) => f.write_str("could not serialize the request body"),
            Self::Http(_) => f.write_str("invalid request URL or header"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::Http(e) => Some(e),
        }
    }
}

impl From<serde_json::Error> for RequestError {
    fn from(e: serde_json::Error) -> Self {
        Self::Body(e)
    }
}

impl From<http::Error> for RequestError {
    fn from(e: http::Error) -> Self {
        Self::Http(e)
    }
}

/// Everything but RFC 3986's unreserved characters `A-Za-z0-9-._~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment (RFC 3986: everything but unreserved characters
/// `A-Za-z0-9-._~`), so an id can never add a `/`, `?` or `#`.
///
/// The segments `.` and `..` are encoded as `%2E` and `%2E%2E`, since servers and proxies
/// treat the plain forms as "this/parent directory" and the id would move the request
/// elsewhere. Non-ASCII text is encoded as UTF-8.
pub fn encode_segment(segment: &str) -> Cow<'_, str> {
    match segment {
        "." => Cow::Borrowed("%2E"),
        ".." => Cow::Borrowed("%2E%2E"),
        _ => utf8_percent_encode(segment, SEGMENT).into(),
    }
}

/// What a query value keeps as is: unreserved characters and the punctuation OData
/// expressions are written with (`$expand=members($select=id)`, `startswith(name,'a')`);
/// `&`, `=`, `+`, `#`, `%` and spaces are encoded, so a value can never start another option.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'*')
    .remove(b'!');

/// Sets the query option `name` (such as `$top`) of `request` to `value`, percent-encoded,
/// replacing any earlier value of that option and keeping the others in their order.
///
/// # Errors
///
/// [`RequestError::Http`] when the resulting URL is not valid (it always is for a URL that was).
pub fn set_query(
    request: &mut http::Request<Vec<u8>>,
    name: &str,
    value: &str,
) -> Result<(), RequestError> {
    let uri = request.uri();
    let path = uri.path();
    let mut query = String::new();
    for pair in uri.query().unwrap_or_default().split('&') {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        if pair.is_empty() || key.eq_ignore_ascii_case(name) {
            continue;
        }
        query.push_str(pair);
        query.push('&');
    }
    query.push_str(name);
    query.push('=');
    query.extend(utf8_percent_encode(value, QUERY_VALUE));
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(
        format!("{path}?{query}")
            .parse()
            .map_err(|e: http::uri::InvalidUri| RequestError::Http(e.into()))?,
    );
    *request.uri_mut() = http::Uri::from_parts(parts)
        .map_err(|e: http::uri::InvalidUriParts| RequestError::Http(e.into()))?;
    Ok(())
}

#[cfg(test)]
mod query_tests {
    use super::*;

    fn get(uri: &str) -> http::Request<Vec<u8>> {
        http::Request::get(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn options_are_encoded_and_replace_their_earlier_value() {
        let mut r = get("https://graph.microsoft.com/v1.0/users?$top=5");
        set_query(&mut r, "$filter", "startswith(displayName,'A b')").unwrap();
        set_query(&mut r, "$top", "10").unwrap();
        set_query(&mut r, "$search", "\"name:a&b=c+d#e%\"").unwrap();
        assert_eq!(
            r.uri().to_string(),
            "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'A%20b')&$top=10\
             &$search=%22name:a%26b%3Dc%2Bd%23e%25%22"
        );
    }

    #[test]
    fn the_first_option_starts_the_query() {
        let mut r = get("http://127.0.0.1:1/beta/me/events");
        set_query(&mut r, "$expand", "attachments($select=name)").unwrap();
        assert_eq!(
            r.uri().path_and_query().unwrap().as_str(),
            "/beta/me/events?$expand=attachments($select%3Dname)"
        );
    }
}

/// Builds `METHOD {base}/{version}{path}` with `Accept: application/json`, and, when there is a
/// body, the JSON body with `Content-Type: application/json`.
/// `path` starts with `/` and has its parameters already encoded.
///
/// # Errors
///
/// An invalid URL (for example a base URL with a space in it) is a [`RequestError::Http`], and a
/// body that cannot be serialized a [`RequestError::Body`]; neither panics.
pub fn build<B: Serialize + ?Sized>(
    method: http::Method,
    base: &BaseUrl,
    version: &str,
    path: &str,
    body: Option<&B>,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    // Forgive a missing leading `/` rather than gluing the path onto the version.
    let separator = if path.is_empty() || path.starts_with('/') {
        ""
    } else {
        "/"
    };
    let uri = format!("{}/{version}{separator}{path}", base.as_str());
    let builder = http::Request::builder()
        .method(method)
        .uri(uri)
        .header(ACCEPT, "application/json");
    let request = match body {
        Some(body) => {
            let bytes = serde_json::to_vec(body)?;
            builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes)?
        }
        None => builder.body(Vec::new())?,
    };
    Ok(request)
}

/// [`build`] for a request without a body: `template`'s `{}` filled with `args` ([`expand`]).
/// One call per endpoint function keeps the thousands of them cheap to check.
///
/// # Errors
///
/// As [`build`].
pub fn without_body(
    method: http::Method,
    base: &BaseUrl,
    version: &str,
    template: &str,
    args: &[&str],
) -> Result<http::Request<Vec<u8>>, RequestError> {
    build(
        method,
        base,
        version,
        &expand(template, args),
        Option::<&()>::None,
    )
}

/// [`without_body`] with a JSON body.
///
/// # Errors
///
/// As [`build`].
pub fn with_body<B: Serialize + ?Sized>(
    method: http::Method,
    base: &BaseUrl,
    version: &str,
    template: &str,
    args: &[&str],
    body: &B,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    build(method, base, version, &expand(template, args), Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;
    use serde_json::json;
    use std::error::Error as _;

    const NO_BODY: Option<&()> = None;

    #[test]
    fn base_url_trims_trailing_slashes_and_defaults_to_global() {
        assert_eq!(
            BaseUrl::new("https://graph.microsoft.us/").as_str(),
            "https://graph.microsoft.us"
        );
        assert_eq!(
            BaseUrl::new("http://localhost:8080//").as_str(),
            "http://localhost:8080"
        );
        assert_eq!(BaseUrl::new(String::from("http://x")).as_str(), "http://x");
        assert_eq!(BaseUrl::default().as_str(), BaseUrl::GLOBAL);
        assert_eq!(
            BaseUrl::default().to_string(),
            "https://graph.microsoft.com"
        );
    }

    #[test]
    fn encode_segment_leaves_unreserved_text_borrowed() {
        let id = "aBc-123._~XYZ";
        assert!(matches!(encode_segment(id), Cow::Borrowed(s) if s == id));
        // Graph call ids and base64-ish ids with `=`/`+` must be encoded.
        assert_eq!(encode_segment("a+b="), "a%2Bb%3D");
        assert_eq!(encode_segment(""), "");
    }

    #[test]
    fn encode_segment_cannot_escape_its_segment() {
        let encoded = encode_segment("a/b c?d#e%f&g:h@i'j\u{e9}\u{1f600}");
        assert_eq!(
            encoded,
            "a%2Fb%20c%3Fd%23e%25f%26g%3Ah%40i%27j%C3%A9%F0%9F%98%80"
        );
        for forbidden in ['/', '?', '#', ' '] {
            assert!(!encoded.contains(forbidden), "{encoded}");
        }
        assert_eq!(encode_segment("."), "%2E");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("..."), "...");
        assert_eq!(encode_segment("a..b"), "a..b");
    }

    #[test]
    fn get_has_no_body_and_no_content_type() {
        let path = format!("/communications/calls/{}", encode_segment("id/with ?#é"));
        let request = build(Method::GET, &BaseUrl::default(), "v1.0", &path, NO_BODY).unwrap();
        assert_eq!(request.method(), Method::GET);
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/v1.0/communications/calls/id%2Fwith%20%3F%23%C3%A9"
        );
        assert_eq!(
            request.uri().path(),
            "/v1.0/communications/calls/id%2Fwith%20%3F%23%C3%A9"
        );
        assert_eq!(request.uri().query(), None);
        assert_eq!(request.headers()[ACCEPT], "application/json");
        assert!(request.headers().get(CONTENT_TYPE).is_none());
        assert!(request.body().is_empty());
    }

    #[test]
    fn post_has_the_json_body() {
        let body =
            json!({"callbackUri": "https://bot.example/cb", "requestedModalities": ["audio"]});
        let base = BaseUrl::new("http://127.0.0.1:9999/");
        let request = build(
            Method::POST,
            &base,
            "beta",
            "/communications/calls",
            Some(&body),
        )
        .unwrap();
        assert_eq!(request.method(), Method::POST);
        assert_eq!(
            request.uri(),
            "http://127.0.0.1:9999/beta/communications/calls"
        );
        assert_eq!(request.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(request.headers()[ACCEPT], "application/json");
        let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(sent, body);
    }

    #[test]
    fn unsized_bodies_are_accepted() {
        let body: &[u32] = &[1, 2];
        let request = build(Method::POST, &BaseUrl::default(), "v1.0", "/x", Some(body)).unwrap();
        assert_eq!(request.body(), b"[1,2]");
        let request = build(Method::PATCH, &BaseUrl::default(), "v1.0", "/x", Some("s")).unwrap();
        assert_eq!(request.body(), br#""s""#);
    }

    #[test]
    fn missing_leading_slash_is_forgiven() {
        let request = build(Method::GET, &BaseUrl::default(), "v1.0", "me", NO_BODY).unwrap();
        assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/me");
        let request = build(Method::GET, &BaseUrl::default(), "v1.0", "", NO_BODY).unwrap();
        assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0");
    }

    #[test]
    fn bad_base_url_is_an_error_not_a_panic() {
        for base in [
            "https://graph microsoft.com",
            "https://exa\"mple.com",
            "http://[::1",
            "\u{e9}://x",
        ] {
            let result = build(Method::GET, &BaseUrl::new(base), "v1.0", "/me", NO_BODY);
            let err = result.expect_err(base);
            assert!(matches!(err, RequestError::Http(_)), "{base}: {err:?}");
            assert_eq!(err.to_string(), "invalid request URL or header");
            assert!(err.source().is_some());
        }
    }

    #[test]
    fn unserializable_body_is_a_body_error() {
        // JSON object keys must be strings.
        let body = std::collections::BTreeMap::from([((1, 2), "x")]);
        let err = build(Method::POST, &BaseUrl::default(), "v1.0", "/x", Some(&body)).unwrap_err();
        assert!(matches!(err, RequestError::Body(_)), "{err:?}");
        assert_eq!(err.to_string(), "could not serialize the request body");
        assert!(
            err.source()
                .is_some_and(|s| s.to_string().contains("key must be a string"))
        );
    }
}

/// An argument of an OData function called in a URL: how the URL writes it.
pub trait FunctionArg {
    /// The argument's literal, percent-encoded: `'text'` (a `'` doubled) for strings,
    /// the bare value for numbers, booleans, dates, times and GUIDs, `duration'PT1H'` for
    /// durations.
    fn url_text(&self) -> String;
}

impl FunctionArg for str {
    fn url_text(&self) -> String {
        format!("'{}'", encode_segment(&self.replace('\'', "''")))
    }
}

impl FunctionArg for String {
    fn url_text(&self) -> String {
        self.as_str().url_text()
    }
}

impl<T: FunctionArg + ?Sized> FunctionArg for &T {
    fn url_text(&self) -> String {
        (**self).url_text()
    }
}

macro_rules! bare_function_args {
    ($($t:ty),*) => {$(
        impl FunctionArg for $t {
            fn url_text(&self) -> String {
                encode_segment(&self.to_string()).into_owned()
            }
        }
    )*};
}

bare_function_args!(
    bool,
    i32,
    i64,
    f64,
    super::DateTimeOffset,
    super::Date,
    super::TimeOfDay,
    super::Guid
);

impl FunctionArg for super::Duration {
    fn url_text(&self) -> String {
        format!("duration'{}'", encode_segment(self.as_str()))
    }
}

/// `path` followed by the function call's arguments: `…/getPstnCalls(fromDateTime=…,toDateTime=…)`.
pub fn call_function(path: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(
        path.len()
            + 2
            + args
                .iter()
                .map(|(n, v)| n.len() + v.len() + 2)
                .sum::<usize>(),
    );
    out.push_str(path);
    out.push('(');
    for (i, (name, value)) in args.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out.push(')');
    out
}

#[cfg(test)]
mod function_tests {
    use super::*;

    #[test]
    fn arguments_are_written_as_odata_literals() {
        let from = crate::runtime::DateTimeOffset::new("2019-11-01T00:00:00Z");
        assert_eq!(
            call_function(
                "/communications/callRecords/getPstnCalls",
                &[("fromDateTime", from.url_text()), ("top", 5.url_text())]
            ),
            "/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01T00%3A00%3A00Z,top=5)"
        );
        assert_eq!("it's a/b".url_text(), "'it%27%27s%20a%2Fb'");
        assert_eq!(true.url_text(), "true");
        assert_eq!(
            crate::runtime::Duration::new("PT1H").url_text(),
            "duration'PT1H'"
        );
    }
}

/// Fills each `{}` of a path template with the next argument, percent-encoded as one path
/// segment: `expand("/calls/{}/mute", &["a/b"])` is `/calls/a%2Fb/mute`. Where the `{}`
/// stands says more:
///
/// - inside quotes, `range(address='{}')`, it is an OData string: a `'` in it is doubled;
/// - between `:/` and `:`, `root:/{}:/content`, it is an item path: its `/` stay (leading
///   and trailing ones are dropped), and each part between them is encoded.
///
/// Missing arguments leave the `{}` in place; extra ones are ignored.
pub fn expand(template: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        let (before, after) = (&rest[..at], &rest[at + 2..]);
        out.push_str(before);
        match args.next() {
            Some(arg) if before.ends_with('\'') && after.starts_with('\'') => {
                out.push_str(&encode_segment(&arg.replace('\'', "''")));
            }
            Some(arg) if before.ends_with(":/") && after.starts_with(':') => {
                // `/Docs/a.txt` and `Docs/a.txt/` are the same path as `Docs/a.txt`.
                for (i, part) in arg.trim_matches('/').split('/').enumerate() {
                    if i > 0 {
                        out.push('/');
                    }
                    out.push_str(&encode_segment(part));
                }
            }
            Some(arg) => out.push_str(&encode_segment(arg)),
            None => out.push_str("{}"),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod expand_tests {
    use super::expand;

    #[test]
    fn fills_and_encodes_in_order() {
        assert_eq!(
            expand(
                "/applications/{}/calls/{}/participants/invite",
                &["app 1", "c/2"]
            ),
            "/applications/app%201/calls/c%2F2/participants/invite"
        );
        assert_eq!(expand("/calls/{}", &[]), "/calls/{}");
        assert_eq!(
            expand(
                "/worksheets/{}/range(address='{}')",
                &["Sheet 1", "it's A1"]
            ),
            "/worksheets/Sheet%201/range(address='it%27%27s%20A1')"
        );
        assert_eq!(
            expand("/me/drive/root:/{}:/content", &["/Docs/Q1 plan.docx"]),
            "/me/drive/root:/Docs/Q1%20plan.docx:/content"
        );
        // An item path cannot leave its place: `..` and `?` are encoded.
        assert_eq!(
            expand("/me/drive/root:/{}:/content", &["../x?y"]),
            "/me/drive/root:/%2E%2E/x%3Fy:/content"
        );
        assert_eq!(expand("/app/calls", &["x"]), "/app/calls");
    }
}
