//! Hand-written support code (not generated, edit freely): the replay server's answers, the
//! documented ones and Graph-style errors for requests the docs do not show.

use axum::body::Body;
use http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{HeaderName, HeaderValue, Response, StatusCode};
use serde_json::{Value, json};

use super::Exchange;

/// The documented status, headers and body.
///
/// Framing headers the docs may show (`Content-Length`, `Transfer-Encoding`, `Connection`) are
/// left to the server, since a documented length rarely matches the body; headers that are not
/// valid HTTP are skipped.
pub(crate) fn documented(exchange: &Exchange) -> Response<Body> {
    let Ok(status) = StatusCode::from_u16(exchange.status) else {
        let message = format!(
            "the documented status {} at {} is not an HTTP status",
            exchange.status, exchange.source
        );
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            &message,
            None,
        );
    };
    let mut response = Response::new(Body::from(exchange.response_body.unwrap_or_default()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in exchange.response_headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            continue;
        };
        if name == CONTENT_LENGTH || name == TRANSFER_ENCODING || name == CONNECTION {
            continue;
        }
        headers.append(name, value);
    }
    if exchange.response_body.is_some() && !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    response
}

/// A Graph error: `{"error": {"code", "message", "innerError": {"request-id",
/// "client-request-id", "date"}}}`, with `request-id`/`client-request-id` headers as Graph
/// sends them.
pub(crate) fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    client_request_id: Option<&str>,
) -> Response<Body> {
    let request_id = request_id();
    let body = json!({"error": {
        "code": code,
        "message": message,
        "innerError": {
            "request-id": request_id,
            "client-request-id": client_request_id.map_or(Value::Null, Value::from),
            "date": rfc3339(std::time::SystemTime::now()),
        }
    }});
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("request-id", value);
    }
    if let Some(value) = client_request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert("client-request-id", value);
    }
    response
}

/// A random id shaped like a UUID (version 4 layout), as Graph's request ids are.
pub(crate) fn request_id() -> String {
    let high = crate::runtime::random::next_u64();
    let low = crate::runtime::random::next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        0x8000 | ((low >> 48) & 0x3fff),
        low & 0xffff_ffff_ffff
    )
}

/// `time` as RFC 3339 UTC with whole seconds, e.g. `2024-05-01T10:00:00Z`.
pub(crate) fn rfc3339(time: std::time::SystemTime) -> String {
    let seconds = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn dates_are_rfc_3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let at = |s: u64| rfc3339(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_714_557_600), "2024-05-01T10:00:00Z");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn request_ids_look_like_uuids() {
        let id = request_id();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        assert!(
            id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{id}"
        );
        assert_eq!(&id[14..15], "4");
        assert_ne!(request_id(), id);
    }

    #[test]
    fn bad_documented_headers_and_status_do_not_panic() {
        let exchange = Exchange {
            operation: "x",
            method: "GET",
            version: "v1.0",
            path: "/x",
            request_path: "/x",
            request_body: None,
            status: 200,
            response_headers: &[
                ("Content-Length", "999"),
                ("bad name", "v"),
                ("X-Ok", "bad\nvalue"),
                ("Location", "https://graph.microsoft.com/v1.0/x"),
            ],
            response_body: Some("{}"),
            source: "x.md:1",
        };
        let response = documented(&exchange);
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers.len(), 2, "{headers:?}");
        assert_eq!(headers[CONTENT_TYPE], "application/json");
        assert_eq!(headers["location"], "https://graph.microsoft.com/v1.0/x");

        let broken = Exchange {
            status: 1000,
            ..exchange
        };
        assert_eq!(
            documented(&broken).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
