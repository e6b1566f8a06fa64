//! Hand-written support code (not generated, edit freely): list operations as a stream of items,
//! following `@odata.nextLink` page after page.

use futures_util::stream::{self, Stream, TryStreamExt};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::{Client, Error};
use crate::runtime::{BaseUrl, RequestError};

/// What the stream fetches next.
enum Next {
    // Boxed: a request is much larger than a link.
    First(Box<http::Request<Vec<u8>>>),
    Link(String),
    Done,
}

/// See [`Client::items`].
pub(super) fn items<T: DeserializeOwned + Send + 'static>(
    client: Client,
    first: http::Request<Vec<u8>>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    // Next pages keep the first request's headers (`ConsistencyLevel`, `Prefer`, …) but not
    // its body.
    let mut headers = first.headers().clone();
    headers.remove(CONTENT_TYPE);
    headers.remove(CONTENT_LENGTH);
    stream::try_unfold(Next::First(Box::new(first)), move |next| {
        let client = client.clone();
        let headers = headers.clone();
        async move {
            let request = match next {
                Next::First(request) => *request,
                Next::Link(link) => next_page_request(&link, client.base_url(), &headers)?,
                Next::Done => return Ok(None),
            };
            let page = client.page::<T>(request).await?;
            let next = page.next_link.map_or(Next::Done, Next::Link);
            Ok::<_, Error>(Some((stream::iter(page.value.into_iter().map(Ok)), next)))
        }
    })
    .try_flatten()
}

/// `GET link` with `headers`. Graph's links are absolute; a path-only link is taken as relative
/// to `base`.
pub(super) fn next_page_request(
    link: &str,
    base: &BaseUrl,
    headers: &HeaderMap,
) -> Result<http::Request<Vec<u8>>, Error> {
    let uri = if link.starts_with('/') {
        format!("{base}{link}")
    } else {
        link.to_owned()
    };
    let mut request = http::Request::builder()
        .method(Method::GET)
        .uri(uri)
        .body(Vec::new())
        .map_err(|e| Error::Build(RequestError::Http(e)))?;
    *request.headers_mut() = headers.clone();
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::ACCEPT;

    #[test]
    fn next_page_is_a_get_with_the_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, "application/json".parse().unwrap());
        let base = BaseUrl::new("http://127.0.0.1:1");
        let r =
            next_page_request("https://graph/v1.0/x?$skiptoken=a%20b", &base, &headers).unwrap();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(r.uri(), "https://graph/v1.0/x?$skiptoken=a%20b");
        assert_eq!(r.headers()[ACCEPT], "application/json");
        assert!(r.body().is_empty());
        let r = next_page_request("/v1.0/x?p=2", &base, &headers).unwrap();
        assert_eq!(r.uri(), "http://127.0.0.1:1/v1.0/x?p=2");
    }

    #[test]
    fn bad_link_is_a_build_error() {
        let err =
            next_page_request("http://a b", &BaseUrl::default(), &HeaderMap::new()).unwrap_err();
        assert!(
            matches!(err, Error::Build(RequestError::Http(_))),
            "{err:?}"
        );
    }
}
