//! Hand-written support code (not generated, edit freely): what a generated client method
//! returns. A [`Pending`] is a request not sent yet: OData query options and headers are added
//! with builder methods, then `.await` sends it and decodes the documented answer, and
//! [`Pending::with_response`] keeps the status and headers too.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures_util::stream;
use http::header::{HeaderName, HeaderValue, LOCATION};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::{Accepted, Client, Error, Items};
use crate::runtime::{Collection, PrimitiveAnswer, RequestError};

/// Which OData query options a [`Pending`] request takes: the type parameter `Q`.
pub mod query {
    /// Takes none: actions, functions that are not reads, creates, updates and deletes.
    #[derive(Debug, Clone, Copy)]
    pub struct NoOptions;
    /// A read of one item (`GET` answered with one resource): `$select` and `$expand`.
    #[derive(Debug, Clone, Copy)]
    pub struct Read;
    /// A read of a collection (`GET` answered with a page of items): also `$filter`,
    /// `$orderby`, `$top`, `$skip`, `$count` and `$search`.
    #[derive(Debug, Clone, Copy)]
    pub struct List;

    /// The reads: they take `$select` and `$expand`.
    pub trait Reads: sealed::Sealed {}
    impl Reads for Read {}
    impl Reads for List {}

    mod sealed {
        pub trait Sealed {}
        impl Sealed for super::Read {}
        impl Sealed for super::List {}
    }
}

/// A decoded answer with what came with it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Answer<T> {
    /// The status as received.
    pub status: StatusCode,
    /// The headers as received (`Location`, `ETag`, `request-id`, `Preference-Applied`, …).
    pub headers: HeaderMap,
    /// The `client-request-id` the request was sent with: what Microsoft support asks for.
    pub client_request_id: String,
    /// The decoded body, as `.await` on the [`Pending`] gives it.
    pub value: T,
}

/// Turns a 2xx (or 3xx) answer into the documented value.
type Decoder<T> = fn(http::Response<Vec<u8>>) -> Result<T, Error>;

/// A request a generated client method built, not sent yet. `.await` sends it (with the
/// client's token and retries) and decodes the documented answer `T`.
///
/// ```no_run
/// # async fn run(client: &msgraph_comms::runtime::client::Client) -> Result<(), msgraph_comms::runtime::client::Error> {
/// # #[cfg(all(feature = "v1_0", feature = "cloud-communications"))] {
/// let page = client
///     .v1_0()
///     .participant_list("57dab8b1-894c-409a-b240-bd8beae78896")
///     .select(["id", "info"])
///     .top(10)
///     .await?;
/// # }
/// # Ok(()) }
/// ```
///
/// The options a request takes are in its type `Q`: a list takes `$top`,
///
/// ```
/// use msgraph_comms::runtime::client::{Pending, query};
/// fn first_five<T>(list: Pending<'_, T, query::List>) -> Pending<'_, T, query::List> {
///     list.top(5)
/// }
/// ```
///
/// while a create, an update or an action takes none:
///
/// ```compile_fail
/// use msgraph_comms::runtime::client::{Pending, query};
/// fn first_five<T>(action: Pending<'_, T, query::NoOptions>) -> Pending<'_, T, query::NoOptions> {
///     action.top(5)
/// }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct Pending<'a, T, Q = query::NoOptions> {
    client: &'a Client,
    request: Result<http::Request<Vec<u8>>, Error>,
    decode: Decoder<T>,
    query: PhantomData<fn() -> Q>,
}

impl<T, Q> fmt::Debug for Pending<'_, T, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Pending");
        match &self.request {
            Ok(request) => d
                .field("method", request.method())
                .field("uri", request.uri()),
            Err(e) => d.field("error", e),
        };
        d.finish_non_exhaustive()
    }
}

impl<'a, T, Q> Pending<'a, T, Q> {
    pub(super) fn new(
        client: &'a Client,
        request: Result<http::Request<Vec<u8>>, RequestError>,
        decode: Decoder<T>,
    ) -> Self {
        Pending {
            client,
            request: request.map_err(Error::Build),
            decode,
            query: PhantomData,
        }
    }

    /// The request as it will be sent (without the token); `None` when it could not be
    /// built, which `.await` reports.
    pub fn request(&self) -> Option<&http::Request<Vec<u8>>> {
        self.request.as_ref().ok()
    }

    /// Adds a request header, such as `ConsistencyLevel: eventual` (which directory queries
    /// with `$count` or `$search` need) or `Prefer`; an invalid name or value is reported
    /// when the request is awaited.
    pub fn header<N, V>(mut self, name: N, value: V) -> Self
    where
        N: TryInto<HeaderName>,
        V: TryInto<HeaderValue>,
        http::Error: From<N::Error> + From<V::Error>,
    {
        if let Ok(request) = &mut self.request {
            match (name.try_into(), value.try_into()) {
                (Ok(name), Ok(value)) => {
                    request.headers_mut().append(name, value);
                }
                (Err(e), _) => self.request = Err(invalid(http::Error::from(e))),
                (_, Err(e)) => self.request = Err(invalid(http::Error::from(e))),
            }
        }
        self
    }

    /// Sets one query option; a later call for the same option replaces the value.
    fn option(mut self, name: &str, value: &str) -> Self {
        if let Ok(request) = &mut self.request
            && let Err(e) = crate::runtime::request::set_query(request, name, value)
        {
            self.request = Err(Error::Build(e));
        }
        self
    }

    /// Sends the request and keeps the status and the headers of the answer with its value.
    ///
    /// # Errors
    ///
    /// As `.await`.
    // Spelled out so the future is promised `Send`, which bots spawning it need.
    #[allow(clippy::manual_async_fn)]
    pub fn with_response(self) -> impl Future<Output = Result<Answer<T>, Error>> + Send + 'a
    where
        T: Send + 'a,
    {
        async move {
            let mut request = self.request?;
            let client_request_id = super::client_request_id(&mut request);
            let response = self.client.send(request).await?;
            let status = response.status();
            let headers = response.headers().clone();
            Ok(Answer {
                status,
                headers,
                client_request_id,
                value: (self.decode)(response)?,
            })
        }
    }
}

fn invalid(e: http::Error) -> Error {
    Error::Build(RequestError::Http(e))
}

/// Joins names for `$select`, `$expand` and `$orderby`.
fn comma_list<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for item in items {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(item.as_ref());
    }
    out
}

impl<T, Q: query::Reads> Pending<'_, T, Q> {
    /// `$select`: only these properties (their JSON names, such as `displayName`).
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$select", &comma_list(properties))
    }

    /// `$expand`: these relationships inline, each with its own options if given
    /// (`members($select=id)`).
    pub fn expand<I>(self, relationships: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$expand", &comma_list(relationships))
    }
}

impl<T> Pending<'_, T, query::List> {
    /// `$filter`: an OData expression (`startswith(displayName,'A')`), encoded for the URL
    /// here.
    pub fn filter(self, expression: impl AsRef<str>) -> Self {
        self.option("$filter", expression.as_ref())
    }

    /// `$orderby`: properties, each optionally followed by ` asc` or ` desc`.
    pub fn order_by<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$orderby", &comma_list(properties))
    }

    /// `$top`: at most this many items per page.
    pub fn top(self, items: u32) -> Self {
        self.option("$top", &items.to_string())
    }

    /// `$skip`: leave out this many items first.
    pub fn skip(self, items: u32) -> Self {
        self.option("$skip", &items.to_string())
    }

    /// `$count`: whether the answer carries the total count of matching items
    /// ([`Collection::count`]).
    pub fn count(self, count: bool) -> Self {
        self.option("$count", if count { "true" } else { "false" })
    }

    /// `$search`: a search expression as Graph writes it, quotes included
    /// (`"displayName:room"`).
    pub fn search(self, expression: impl AsRef<str>) -> Self {
        self.option("$search", expression.as_ref())
    }
}

impl<T: DeserializeOwned + Send + 'static, Q> Pending<'_, Collection<T>, Q> {
    /// Every item of the list instead of its first page, following `@odata.nextLink` (with
    /// the same headers, token and retries) until there is none. The stream ends after the
    /// first error.
    pub fn items(self) -> Items<T> {
        match self.request {
            Ok(request) => Box::pin(self.client.items(request)),
            Err(e) => Box::pin(stream::once(async move { Err(e) })),
        }
    }
}

impl<'a, T: Send + 'a, Q> IntoFuture for Pending<'a, T, Q> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let response = self.client.send(self.request?).await?;
            (self.decode)(response)
        })
    }
}

// The decoders behind the generated client methods, one per kind of documented answer.

pub(super) fn json<T: DeserializeOwned>(response: http::Response<Vec<u8>>) -> Result<T, Error> {
    super::decode(response.status(), response.body())
}

pub(super) fn page<T: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<Collection<T>, Error> {
    let page: super::Page<T> = json(response)?;
    Ok(Collection {
        value: page.value,
        next_link: page.next_link,
        context: page.context,
        count: page.count,
        additional_properties: page.additional_properties,
    })
}

pub(super) fn value<T: DeserializeOwned>(response: http::Response<Vec<u8>>) -> Result<T, Error> {
    let answer: PrimitiveAnswer<T> = json(response)?;
    Ok(answer.value)
}

pub(super) fn accepted<T: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<Accepted<T>, Error> {
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = if response.body().trim_ascii().is_empty() {
        None
    } else {
        Some(super::decode(status, response.body())?)
    };
    Ok(Accepted {
        status,
        location,
        body,
    })
}

pub(super) fn empty(_: http::Response<Vec<u8>>) -> Result<(), Error> {
    Ok(())
}

pub(super) fn raw(response: http::Response<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
    Ok(response)
}
