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

/// Reads `METHOD target`; `None` when the line is not a request line.
pub fn request_line(line: &str) -> Option<RequestLine> {
    let mut parts = line.split_whitespace();
    let method = HttpMethod::parse(parts.next()?)?;
    let target = parts.next()?.to_string();
    if parts.next().is_some_and(|p| !p.starts_with("HTTP/")) {
        return None;
    }
    let (graph_path, version) = graph_path(&target);
    Some(RequestLine {
        method,
        target,
        graph_path,
        version,
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
    match ApiVersion::parse(first) {
        Some(version) => (
            Some(format!("/{}", segments.next().unwrap_or(""))),
            Some(version),
        ),
        None => (Some(rest.trim_end_matches('/').to_string()), None),
    }
}

/// Reads `HTTP/1.1 200 OK`.
pub fn status_line(line: &str) -> Option<(u16, String)> {
    let rest = line.trim().strip_prefix("HTTP/")?;
    let mut parts = rest.splitn(3, ' ');
    parts.next()?;
    let code = parts.next()?.parse().ok()?;
    Some((code, parts.next().unwrap_or("").trim().to_string()))
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
    for (index, line) in lines.by_ref() {
        if line.trim().is_empty() {
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
        (!text.trim().is_empty()).then(|| {
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
}
