//! Hand-written support code (not generated, edit freely): which documented exchange, if any,
//! answers a request. Pure functions, so the rules are tested without a server.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::Exchange;

/// What the replay server does with a request.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// These exchanges (indices into the table, in documented order) match equally well; the
    /// server answers with them in turn.
    Answer(Vec<usize>),
    /// No documented path matches.
    UnknownPath,
    /// The path is documented, but not for this method; the documented methods, sorted.
    MethodNotAllowed(Vec<&'static str>),
    /// Path and method match, but the body fits none of these exchanges, for these reasons.
    BadBody(Vec<(&'static Exchange, String)>),
}

/// Finds the exchanges that answer `method path` with `body`.
///
/// Of several that match, those documented for exactly this path win, then those with the
/// most literal path segments (a documented `/calls/logTeleconferenceDeviceQuality` over
/// `/calls/{id}`), then those whose documented body equals the sent one. What is left is
/// equally good.
pub(crate) fn find(
    exchanges: &'static [Exchange],
    method: &str,
    path: &str,
    body: &[u8],
) -> Outcome {
    let mut path_matched = false;
    let mut methods: Vec<&'static str> = Vec::new();
    let mut rejected = Vec::new();
    let mut best: Vec<usize> = Vec::new();
    let mut top = (false, 0, false);
    for (index, exchange) in exchanges.iter().enumerate() {
        let Some(literals) = path_matches(exchange, path) else {
            continue;
        };
        path_matched = true;
        if !exchange.method.eq_ignore_ascii_case(method) {
            if !methods.contains(&exchange.method) {
                methods.push(exchange.method);
            }
            continue;
        }
        match body_fits(exchange.request_body, body) {
            Ok(exact) => {
                let concrete = same_path(exchange, path);
                let score = (concrete, literals, exact);
                if best.is_empty() || score > top {
                    best.clear();
                    top = score;
                }
                if score == top {
                    best.push(index);
                }
            }
            Err(reason) => rejected.push((exchange, reason)),
        }
    }
    if !best.is_empty() {
        return Outcome::Answer(best);
    }
    if !rejected.is_empty() {
        return Outcome::BadBody(rejected);
    }
    if path_matched {
        methods.sort_unstable();
        return Outcome::MethodNotAllowed(methods);
    }
    Outcome::UnknownPath
}

/// Whether `path` (as sent: percent-encoded, without the query) is `/{version}` + the
/// exchange's template; `Some(number of literal segments)` when it is.
fn path_matches(exchange: &Exchange, path: &str) -> Option<usize> {
    // A documented template may carry an example query; it does not take part.
    let template = exchange.path.split('?').next().unwrap_or_default();
    let expected = std::iter::once(exchange.version).chain(segments(template));
    let actual = addressed_by_path(segments(path));
    let mut actual = actual.iter().map(String::as_str);
    let mut literals = 0;
    for pattern in expected {
        let segment = actual.next()?;
        if !pattern.contains('{') {
            literals += 1;
        }
        if !segment_matches(pattern, segment) {
            return None;
        }
    }
    actual.next().is_none().then_some(literals)
}

/// Whether `path` is `/{version}` + the exchange's own documented request path.
fn same_path(exchange: &Exchange, path: &str) -> bool {
    let documented = std::iter::once(exchange.version).chain(segments(exchange.request_path));
    let decoded = segments(path).map(|s| percent_decode_str(s).decode_utf8_lossy().to_lowercase());
    documented.map(str::to_lowercase).eq(decoded)
}

/// The segments between `/`s, ignoring one leading and one trailing `/`.
fn segments(path: &str) -> std::str::Split<'_, char> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/')
}

/// The segments, with an item path (`root:/Docs/a.txt:/content`, where the template writes
/// `root:/{item-path}:/content`) joined back into the one segment its placeholder stands for.
fn addressed_by_path<'a>(segments: impl Iterator<Item = &'a str>) -> Vec<String> {
    let segments: Vec<&str> = segments.collect();
    let mut out = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        out.push(segments[i].to_owned());
        let path_end = segments[i]
            .ends_with(':')
            .then(|| (i + 1..segments.len()).find(|&j| segments[j].ends_with(':')))
            .flatten();
        match path_end {
            Some(end) => {
                out.push(segments[i + 1..=end].join("/"));
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// One piece of a template segment.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Literal(String),
    /// `{name}`: one or more characters.
    Placeholder(&'a str),
}

fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(rest[..open].to_lowercase()));
        }
        out.push(Piece::Placeholder(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest.to_lowercase()));
    }
    out
}

/// A template segment against a sent one: literal text compares case-insensitively (after
/// percent-decoding), each `{placeholder}` takes one or more characters.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    if segment.is_empty() {
        return pattern.is_empty();
    }
    let pieces = pieces(pattern);
    if let [Piece::Placeholder(_)] = pieces.as_slice() {
        return true;
    }
    let text = percent_decode_str(segment)
        .decode_utf8_lossy()
        .to_lowercase();
    // The positions (byte offsets at char boundaries) reachable after each piece; linear in
    // the text per piece, so a long segment cannot make it backtrack exponentially.
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for piece in &pieces {
        let mut next = vec![false; text.len() + 1];
        match piece {
            Piece::Literal(literal) => {
                for &at in boundaries.iter().filter(|&&at| reachable[at]) {
                    if text[at..].starts_with(literal.as_str()) {
                        next[at + literal.len()] = true;
                    }
                }
            }
            Piece::Placeholder(_) => {
                // Every boundary after the first reachable one.
                if let Some(&first) = boundaries.iter().find(|&&at| reachable[at]) {
                    for &at in boundaries.iter().filter(|&&at| at > first) {
                        next[at] = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

/// Whether a sent body fits the documented one: `Ok(exact)` (whether it equals it), or why not.
///
/// An empty body and `{}` always fit. Otherwise the exchange must document a body; a documented
/// object takes an object whose members it all shows (a member the docs never show is
/// rejected); any other documented JSON takes a value of the same kind. A documented body that
/// is not JSON cannot be checked, so anything fits it.
fn body_fits(documented: Option<&str>, sent: &[u8]) -> Result<bool, String> {
    let documented = documented.map(|text| serde_json::from_str::<Value>(text).ok());
    if sent.trim_ascii().is_empty() {
        return Ok(documented.is_none());
    }
    let Ok(sent) = serde_json::from_slice::<Value>(sent) else {
        return Err("the sent body is not JSON".to_owned());
    };
    let empty_object = sent.as_object().is_some_and(|members| members.is_empty());
    match documented {
        None if empty_object => Ok(true),
        None => Err("the docs show no request body".to_owned()),
        Some(None) => Ok(false),
        Some(Some(Value::Object(shown))) => {
            let Value::Object(members) = &sent else {
                return Err(format!("the docs show an object, not {}", kind(&sent)));
            };
            let unknown: Vec<&str> = members
                .keys()
                .filter(|name| !shown.contains_key(*name))
                .map(String::as_str)
                .collect();
            if unknown.is_empty() {
                Ok(sent == Value::Object(shown))
            } else {
                Err(format!(
                    "member(s) {} are not in the documented body",
                    unknown
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        Some(Some(shown)) if empty_object => Ok(shown == sent),
        Some(Some(shown)) if kind(&shown) == kind(&sent) => Ok(shown == sent),
        Some(Some(shown)) => Err(format!(
            "the docs show {}, not {}",
            kind(&shown),
            kind(&sent)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn exchange(
        operation: &'static str,
        method: &'static str,
        path: &'static str,
        request_body: Option<&'static str>,
    ) -> Exchange {
        Exchange {
            operation,
            method,
            version: "v1.0",
            path,
            request_path: path,
            request_body,
            status: 200,
            response_headers: &[],
            response_body: None,
            source: "test.md:1",
        }
    }

    static EXCHANGES: &[Exchange] = &[
        exchange("call.get", "GET", "/communications/calls/{id}", None),
        exchange(
            "call.answer",
            "POST",
            "/communications/calls/{id}/answer",
            Some(r#"{"callbackUri": "https://bot", "acceptedModalities": ["audio"]}"#),
        ),
        exchange(
            "call.answer.short",
            "POST",
            "/communications/calls/{id}/answer",
            Some(r#"{"callbackUri": "https://bot"}"#),
        ),
        exchange(
            "call.logQuality",
            "POST",
            "/communications/calls/logTeleconferenceDeviceQuality",
            Some(r#"{"quality": {}}"#),
        ),
        exchange(
            "call.create",
            "POST",
            "/communications/calls/{id}",
            Some(r#"{"quality": {}, "other": 1}"#),
        ),
        exchange(
            "records.pstn",
            "GET",
            "/communications/callRecords/getPstnCalls(fromDateTime={from},toDateTime={to})",
            None,
        ),
        exchange("call.delete", "DELETE", "/communications/calls/{id}", None),
        exchange("list", "POST", "/list", Some("[1, 2]")),
    ];

    /// The first of the equally good matches.
    fn answer(method: &str, path: &str, body: &str) -> &'static str {
        match find(EXCHANGES, method, path, body.as_bytes()) {
            Outcome::Answer(indices) => EXCHANGES[indices[0]].operation,
            other => panic!("{method} {path}: {other:?}"),
        }
    }

    #[test]
    fn placeholders_take_one_segment_and_literals_ignore_case() {
        assert_eq!(
            answer("GET", "/v1.0/communications/calls/abc", ""),
            "call.get"
        );
        assert_eq!(
            answer("get", "/V1.0/Communications/CALLS/a%2Fb", ""),
            "call.get"
        );
        assert_eq!(
            answer("GET", "/v1.0/communications/calls/abc/", ""),
            "call.get"
        );
        for path in [
            "/v1.0/communications/calls",
            "/v1.0/communications/calls/a/b",
            "/beta/communications/calls/abc",
            "/communications/calls/abc",
            "/v1.0/communications/calls//",
            "/",
            "",
        ] {
            assert!(
                matches!(find(EXCHANGES, "GET", path, b""), Outcome::UnknownPath),
                "{path}"
            );
        }
    }

    #[test]
    fn an_item_path_takes_its_placeholder_whatever_its_depth() {
        static BY_PATH: &[Exchange] = &[exchange(
            "driveItem.content",
            "GET",
            "/me/drive/root:/{item-path}:/content",
            None,
        )];
        for path in [
            "/v1.0/me/drive/root:/a.txt:/content",
            "/v1.0/me/drive/root:/Docs/Q1%20plan.docx:/content",
        ] {
            assert!(
                matches!(find(BY_PATH, "GET", path, b""), Outcome::Answer(_)),
                "{path}"
            );
        }
        assert!(matches!(
            find(BY_PATH, "GET", "/v1.0/me/drive/root:/a.txt/content", b""),
            Outcome::UnknownPath
        ));
    }

    #[test]
    fn placeholders_inside_a_segment() {
        let path = "/v1.0/communications/callRecords/getPstnCalls(fromDateTime%3D2019-11-01,toDateTime=2019-12-01)";
        assert_eq!(answer("GET", path, ""), "records.pstn");
        let empty = "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=,toDateTime=x)";
        assert!(matches!(
            find(EXCHANGES, "GET", empty, b""),
            Outcome::UnknownPath
        ));
        assert!(segment_matches("a{x}b{y}c", "aXbYc"));
        assert!(segment_matches("a{x}b{y}c", "a1b2b3c"));
        assert!(!segment_matches("a{x}b{y}c", "abYc"));
        assert!(!segment_matches("a{x}", "a"));
        assert!(segment_matches("{x}", "anything"));
        assert!(segment_matches("caf\u{e9}", "CAF%C3%89"));
        let long = "x".repeat(10_000);
        assert!(!segment_matches("{a}{b}{c}{d}y", &long));
    }

    #[test]
    fn literal_paths_win_over_placeholders() {
        let path = "/v1.0/communications/calls/logTeleconferenceDeviceQuality";
        assert_eq!(
            answer("POST", path, r#"{"quality": {}}"#),
            "call.logQuality"
        );
        // The literal one does not take `other`; the placeholder one does.
        assert_eq!(answer("POST", path, r#"{"other": 1}"#), "call.create");
    }

    #[test]
    fn bodies_are_subsets_of_the_documented_one() {
        let path = "/v1.0/communications/calls/1/answer";
        assert_eq!(
            answer("POST", path, r#"{"callbackUri": "x"}"#),
            "call.answer"
        );
        // An exact match wins over an earlier subset match.
        assert_eq!(
            answer("POST", path, r#"{"callbackUri": "https://bot"}"#),
            "call.answer.short"
        );
        assert_eq!(answer("POST", path, ""), "call.answer");
        // Neither documented body equals an empty one: both answer, in turn.
        assert!(matches!(
            find(EXCHANGES, "POST", path, b""),
            Outcome::Answer(indices) if indices == [1, 2]
        ));
        assert_eq!(answer("POST", path, " {} "), "call.answer");
        let Outcome::BadBody(reasons) = find(
            EXCHANGES,
            "POST",
            path,
            br#"{"callbackUri": "x", "extra": 1}"#,
        ) else {
            panic!("extra member accepted");
        };
        assert_eq!(reasons.len(), 2);
        assert_eq!(
            reasons[0].1,
            "member(s) `extra` are not in the documented body"
        );
        for body in [&b"[1]"[..], b"nope", b"\"x\""] {
            assert!(
                matches!(find(EXCHANGES, "POST", path, body), Outcome::BadBody(_)),
                "{body:?}"
            );
        }
    }

    #[test]
    fn bodies_where_none_is_documented() {
        let path = "/v1.0/communications/calls/1";
        assert_eq!(answer("DELETE", path, "{}"), "call.delete");
        let Outcome::BadBody(reasons) = find(EXCHANGES, "DELETE", path, br#"{"a":1}"#) else {
            panic!("body accepted");
        };
        assert_eq!(reasons[0].1, "the docs show no request body");
    }

    #[test]
    fn non_object_bodies_compare_by_kind() {
        assert_eq!(answer("POST", "/v1.0/list", "[3]"), "list");
        assert!(matches!(
            find(EXCHANGES, "POST", "/v1.0/list", br#"{"a":1}"#),
            Outcome::BadBody(_)
        ));
    }

    #[test]
    fn the_documented_request_path_wins() {
        static TWO_EXAMPLES: &[Exchange] = &[
            Exchange {
                request_path: "/communications/calls/{id}",
                ..exchange("call.get", "GET", "/communications/calls/{id}", None)
            },
            Exchange {
                request_path: "/communications/calls/2F1A-b174",
                ..exchange("call.get.group", "GET", "/communications/calls/{id}", None)
            },
        ];
        let first = |path: &str| match find(TWO_EXAMPLES, "GET", path, b"") {
            Outcome::Answer(indices) => indices,
            other => panic!("{path}: {other:?}"),
        };
        assert_eq!(first("/v1.0/communications/calls/2f1a-B174"), [1]);
        assert_eq!(first("/v1.0/communications/calls/%7Bid%7D"), [0]);
        assert_eq!(first("/v1.0/communications/calls/other"), [0, 1]);
    }

    #[test]
    fn wrong_method_lists_the_documented_ones() {
        let Outcome::MethodNotAllowed(methods) =
            find(EXCHANGES, "PUT", "/v1.0/communications/calls/1", b"")
        else {
            panic!("PUT answered");
        };
        assert_eq!(methods, ["DELETE", "GET", "POST"]);
    }

    #[test]
    fn undecodable_documented_body_accepts_anything() {
        assert_eq!(body_fits(Some("{not json"), br#"{"a":1}"#), Ok(false));
        assert_eq!(body_fits(Some("{not json"), b""), Ok(false));
        assert_eq!(body_fits(None, b""), Ok(true));
    }
}
