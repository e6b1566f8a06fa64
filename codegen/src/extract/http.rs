//! HTTP text in code blocks: request lines, status lines, headers and bodies.

use crate::ir::{ApiVersion, HttpMethod};

/// A code block read as an HTTP message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub start: StartLine,
    pub headers: Vec<(String, String)>,
    /// The text after the blank line, if any, and its 0-based line offset in the block.
    pub body: Option<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StartLine {
    Request(RequestLine),
    Status { code: u16, reason: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestLine {
    pub method: HttpMethod,
    /// The target as written (`https://graph.microsoft.com/beta/app/calls`).
    pub target: String,
    /// The Graph path without host, version or query (`/app/calls`), when the target is a Graph URL or a path.
    pub graph_path: Option<String>,
    /// The version the URL names.
    pub version: Option<ApiVersion>,
}

impl StartLine {
    pub fn describe(&self) -> String {
        match self {
            StartLine::Request(r) => format!("{} {}", r.method.as_str(), r.target),
            StartLine::Status { code, reason } => {
                format!("HTTP/1.1 {code} {reason}").trim_end().to_string()
            }
        }
    }
}

/// Reads `METHOD target [HTTP/1.1]`; `None` when the line is not a request line. The target
/// may hold spaces in its query (`?$filter=externalId eq 'x'`): everything after the method is
/// the target, once its path part looks like one (`/…` or a URL).
pub fn request_line(line: &str) -> Option<RequestLine> {
    let (method, rest) = line.trim().split_once(char::is_whitespace)?;
    let method = HttpMethod::parse(method)?;
    let mut target = rest.trim();
    if let Some((before, version)) = target.rsplit_once(char::is_whitespace)
        && version.starts_with("HTTP/")
    {
        target = before.trim_end();
    }
    let path = target.split(char::is_whitespace).next()?;
    // Spaces may stand inside a placeholder (`/users/{id | userPrincipalName}`) or in the query.
    let looks_like_target = !path.is_empty()
        && (!spaces_outside_braces(target)
            || (path.contains('?') && (path.starts_with('/') || path.contains("://"))));
    if !looks_like_target {
        return None;
    }
    let target = target.to_string();
    let (graph_path, version) = graph_path(&target);
    Some(RequestLine {
        method,
        target,
        graph_path,
        version,
    })
}

/// Whether `text` has white space that is not inside `{…}`.
fn spaces_outside_braces(text: &str) -> bool {
    let mut depth = 0usize;
    text.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && c.is_whitespace()
    })
}

/// Splits a Graph URL into its path and version. Non-Graph hosts (a bot's
/// callback) give `None`.
fn graph_path(target: &str) -> (Option<String>, Option<ApiVersion>) {
    let without_query = target.split(['?', '#']).next().unwrap_or(target);
    let rest = if let Some(after_scheme) = without_query.split_once("://").map(|(_, r)| r) {
        let (host, path) = after_scheme.split_once('/').unwrap_or((after_scheme, ""));
        if !host.ends_with("graph.microsoft.com") && !host.contains("graph.microsoft.") {
            return (None, None);
        }
        format!("/{path}")
    } else if without_query.starts_with('/') {
        without_query.to_string()
    } else {
        format!("/{without_query}")
    };
    let mut segments = rest.trim_end_matches('/').splitn(3, '/').skip(1);
    let first = segments.next().unwrap_or("");
    // Pages also write `V1.0` and `v1` for the version segment.
    let first = match first.to_ascii_lowercase().as_str() {
        "v1" | "v1.0" => "v1.0",
        "beta" => "beta",
        _ => first,
    };
    match ApiVersion::parse(first) {
        Some(version) => (
            Some(format!("/{}", segments.next().unwrap_or(""))),
            Some(version),
        ),
        None => (Some(rest.trim_end_matches('/').to_string()), None),
    }
}

/// Reads `HTTP/1.1 200 OK`, also spelled `HTTP 200 OK` or with other spaces (pages put a
/// narrow no-break space there).
pub fn status_line(line: &str) -> Option<(u16, String)> {
    let rest = line.trim().strip_prefix("HTTP")?;
    let rest = match rest.strip_prefix('/') {
        Some(versioned) => versioned.split_once(char::is_whitespace)?.1,
        None if rest.starts_with(char::is_whitespace) => rest,
        None => return None,
    };
    let rest = rest.trim_start();
    let (code, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let code = code.parse().ok()?;
    Some((code, reason.trim().to_string()))
}

/// Whether a line is an HTTP header (`Name: value`).
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    is_name.then_some((name, value.trim()))
}

/// Whether a body can be JSON: its message does not say another content type, and it starts
/// like a JSON value. A file's bytes or a CSV report is not a JSON example.
fn may_be_json(headers: &[(String, String)], body: &str) -> bool {
    let declared = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.to_ascii_lowercase());
    let first = body.trim_start().chars().next();
    match declared.as_deref() {
        // `text/plain` answers a `$count` (`394`) or carries text; JSON under it is an object.
        Some(t) if t.starts_with("text/plain") => first.is_some_and(|c| matches!(c, '{' | '[')),
        Some(t) if !t.is_empty() && !t.contains("json") && !t.contains('{') => false,
        _ => first.is_some_and(|c| matches!(c, '{' | '[' | '"') || c.is_ascii_digit() || c == '-'),
    }
}

/// Reads a code block as an HTTP message: start line, headers, blank line, body.
pub fn message(block: &str) -> Option<Message> {
    let mut lines = block
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty());
    let (_, first) = lines.next()?;
    let start = if let Some(r) = request_line(first.trim()) {
        StartLine::Request(r)
    } else {
        let (code, reason) = status_line(first)?;
        StartLine::Status { code, reason }
    };
    let mut headers = Vec::new();
    let mut body_from = None;
    let rest: Vec<(usize, &str)> = lines.collect();
    let mut at = 0;
    while let Some(&(index, line)) = rest.get(at) {
        at += 1;
        if line.trim().is_empty() {
            // A blank line between the start line and the headers: the headers follow.
            let next = rest[at..].iter().find(|(_, l)| !l.trim().is_empty());
            if headers.is_empty() && next.is_some_and(|(_, l)| header_line(l).is_some()) {
                continue;
            }
            body_from = Some(index + 1);
            break;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.contains(' ') && !name.starts_with('{') => {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
            // No blank line before the body: it starts here.
            _ => {
                body_from = Some(index);
                break;
            }
        }
    }
    let body = body_from.and_then(|from| {
        let text: Vec<&str> = block.lines().skip(from).collect();
        let text = text.join("\n");
        let skipped_blank = text.lines().take_while(|l| l.trim().is_empty()).count();
        (!text.trim().is_empty() && may_be_json(&headers, &text)).then(|| {
            (
                text.trim_start_matches(['\n', ' ']).to_string(),
                from + skipped_blank,
            )
        })
    });
    Some(Message {
        start,
        headers,
        body,
    })
}

/// Every request line in a block (the HTTP request section lists one path per line).
pub fn request_lines(block: &str) -> Vec<(usize, RequestLine)> {
    block
        .lines()
        .enumerate()
        .filter_map(|(i, l)| request_line(l.trim()).map(|r| (i, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_lose_host_version_and_query() {
        let r = request_line(
            "POST https://graph.microsoft.com/beta/communications/calls/{id}/updateMetadata",
        )
        .unwrap();
        assert_eq!(
            r.graph_path.as_deref(),
            Some("/communications/calls/{id}/updateMetadata")
        );
        assert_eq!(r.version, Some(ApiVersion::Beta));
        let r = request_line("GET /app/calls?$select=id").unwrap();
        assert_eq!(
            (r.graph_path.as_deref(), r.version),
            (Some("/app/calls"), None)
        );
        let r = request_line("POST https://bot.contoso.com/callback").unwrap();
        assert_eq!(r.graph_path, None);
        assert!(request_line("Content-Type: application/json").is_none());
    }

    #[test]
    fn messages_split_into_start_headers_and_body() {
        let m = message("HTTP/1.1 201 Created\nLocation: https://x/y\nContent-Type: application/json\n\n\n{\n  \"a\": 1\n}").unwrap();
        assert_eq!(
            m.start,
            StartLine::Status {
                code: 201,
                reason: "Created".into()
            }
        );
        assert_eq!(m.headers.len(), 2);
        assert_eq!(m.body, Some(("{\n  \"a\": 1\n}".to_string(), 5)));
        let m = message("POST /app/calls\nContent-Type: application/json\n").unwrap();
        assert_eq!(m.body, None);
    }

    #[test]
    fn status_lines_in_the_spellings_pages_use() {
        assert_eq!(status_line("HTTP/1.1 200 OK"), Some((200, "OK".into())));
        assert_eq!(
            status_line("HTTP/1.1\u{202f}202\u{202f}Accepted"),
            Some((202, "Accepted".into()))
        );
        assert_eq!(
            status_line("HTTP 201 Created"),
            Some((201, "Created".into()))
        );
        assert_eq!(status_line("HTTP/1.1 204"), Some((204, String::new())));
        assert_eq!(status_line("HTTPS is required"), None);
    }

    #[test]
    fn request_targets_may_hold_spaces_in_their_query() {
        let r = request_line(
            "GET https://graph.microsoft.com/v1.0/appCatalogs/teamsApps?$filter=externalId eq 'cf1'",
        )
        .unwrap();
        assert_eq!(r.graph_path.as_deref(), Some("/appCatalogs/teamsApps"));
        for spelled in ["v1", "V1.0"] {
            let r = request_line(&format!(
                "PATCH https://graph.microsoft.com/{spelled}/reports"
            ))
            .unwrap();
            assert_eq!(
                (r.graph_path.as_deref(), r.version),
                (Some("/reports"), Some(ApiVersion::V1_0))
            );
        }
        assert!(r.target.ends_with("eq 'cf1'"));
        let r = request_line("PATCH /users/{id | userPrincipalName}/profile/patents/{id}").unwrap();
        assert_eq!(
            r.graph_path.as_deref(),
            Some("/users/{id | userPrincipalName}/profile/patents/{id}")
        );
        let r = request_line("GET /me/events HTTP/1.1").unwrap();
        assert_eq!(r.target, "/me/events");
        assert!(request_line("GET requests are read-only").is_none());
    }

    #[test]
    fn headers_after_a_blank_line_and_bodies_that_are_not_json() {
        let m = message(
            "POST /me/events\n\nContent-type: application/json\nContent-length: 87\n\n{\"a\": 1}",
        )
        .unwrap();
        assert_eq!(m.headers.len(), 2);
        assert_eq!(m.body, Some(("{\"a\": 1}".to_string(), 5)));
        let m = message("GET /me/events\n\nPrefer: odata.maxpagesize=2").unwrap();
        assert_eq!(
            m.headers,
            vec![("Prefer".into(), "odata.maxpagesize=2".into())]
        );
        assert_eq!(m.body, None);
        let csv =
            "HTTP/1.1 200 OK\nContent-Type: application/octet-stream\n\nReport Refresh Date, Edge";
        assert_eq!(message(csv).unwrap().body, None);
        let text = "PUT /me/drive/items/1/content\nContent-Type: text/plain\n\nThe contents of the file goes here.";
        assert_eq!(message(text).unwrap().body, None);
        let count = "HTTP/1.1 200 OK\nContent-type: text/plain\n\n394";
        assert_eq!(message(count).unwrap().body, None);
    }
}
