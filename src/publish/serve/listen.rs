//! Serve's connections: accepted on a tokio listener, each answered by hyper's HTTP/1.1
//! server (keep-alive, and a 400 for anything that does not parse as an HTTP/1.x
//! request) with the axum router of `http`, at most [`MAX_CONNECTIONS`] at once.
//!
//! - A connection must send each request's head within [`HEADER_TIMEOUT`], counted
//!   from when it was accepted or its previous response was sent: one that sends
//!   nothing, or a head slowly (a byte now and then), is closed after that. The same
//!   timer closes idle keep-alive connections.
//! - A request head (request line and headers) may be [`MAX_HEAD`] long at most
//!   (431 beyond).
//! - When all [`MAX_CONNECTIONS`] are open and another arrives, the connection that has
//!   waited longest without a request under way is closed to make room (as nginx does
//!   with idle keep-alive connections; a head it had half sent is dropped with it). Only
//!   when every one of them is answering a request (a reload stream stays open as long
//!   as its page) does the new one wait, in the system's queue, for one to end. Idle
//!   connections therefore never keep a new request waiting, and the server holds at
//!   most [`MAX_CONNECTIONS`] + 1 sockets of clients, far under the usual limit of
//!   1,024 open files.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response};
use axum::Router;
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};

/// Connections open at once; more wait for one to close (idle ones are closed for them).
pub const MAX_CONNECTIONS: usize = 256;

/// How long a connection may take to send a request's head, and stay idle between
/// requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request head (request line and headers) read; a larger one gets 431.
pub const MAX_HEAD: usize = 64 * 1024;

/// Serves `router` on every connection `listener` accepts, until the process ends.
pub async fn run(listener: TcpListener, router: Router) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let open = Arc::new(Open::default());
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEAD);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was accepted: wait
            // a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let slot = loop {
            if let Ok(slot) = Arc::clone(&slots).try_acquire_owned() {
                break slot;
            }
            open.close_longest_idle();
            let waited = tokio::time::timeout(
                Duration::from_millis(100),
                Arc::clone(&slots).acquire_owned(),
            )
            .await;
            if let Ok(Ok(slot)) = waited {
                break slot;
            }
        };
        let connection = open.add();
        let (router, http, open) = (router.clone(), http.clone(), Arc::clone(&open));
        tokio::spawn(async move {
            serve_connection(stream, router, &http, &connection).await;
            open.remove(connection.id);
            drop(slot);
        });
    }
}

/// One open connection, as the accept loop sees it.
#[derive(Debug, Default)]
struct Connection {
    /// Accepted in this order (the smallest has waited longest).
    id: u64,
    /// Requests under way: from their head read to the end of their response's body.
    busy: AtomicUsize,
    /// Asked to close.
    closing: AtomicBool,
    close: Notify,
}

/// The open connections, oldest first.
#[derive(Debug, Default)]
struct Open {
    next: AtomicU64,
    connections: Mutex<BTreeMap<u64, Arc<Connection>>>,
}

impl Open {
    fn add(&self) -> Arc<Connection> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let connection = Arc::new(Connection {
            id,
            ..Connection::default()
        });
        if let Ok(mut open) = self.connections.lock() {
            open.insert(id, Arc::clone(&connection));
        }
        connection
    }

    fn remove(&self, id: u64) {
        if let Ok(mut open) = self.connections.lock() {
            open.remove(&id);
        }
    }

    /// Asks the oldest connection with no request under way to close.
    fn close_longest_idle(&self) {
        let Ok(open) = self.connections.lock() else {
            return;
        };
        let idle = open
            .values()
            .find(|c| c.busy.load(Ordering::Acquire) == 0 && !c.closing.load(Ordering::Acquire));
        if let Some(connection) = idle {
            connection.closing.store(true, Ordering::Release);
            connection.close.notify_one();
        }
    }
}

/// Answers the requests of one connection until it closes, times out, or is asked to
/// close (then the request under way, if any, is finished first).
async fn serve_connection(
    stream: TcpStream,
    router: Router,
    http: &http1::Builder,
    connection: &Arc<Connection>,
) {
    let _ = stream.set_nodelay(true);
    let router = TowerToHyperService::new(router);
    let tracked = Arc::clone(connection);
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let busy = Busy::start(&tracked);
        let answer = hyper::service::Service::call(&router, request);
        async move { answer.await.map(|response| finish(response, busy)) }
    });
    let mut served = std::pin::pin!(http.serve_connection(TokioIo::new(stream), service));
    let closed = std::pin::pin!(connection.close.notified());
    if let futures_util::future::Either::Right(_) =
        futures_util::future::select(served.as_mut(), closed).await
    {
        // Nothing under way: close at once (a head half sent is dropped with it).
        // Otherwise finish the request, then close.
        if connection.busy.load(Ordering::Acquire) > 0 {
            served.as_mut().graceful_shutdown();
            let _ = served.await;
        }
    }
}

/// The headers every response has; the body keeps the connection busy until it is
/// sent or dropped.
fn finish(response: Response<Body>, busy: Busy) -> Response<Body> {
    let mut response = response.map(|body| Body::new(Tracked { body, _busy: busy }));
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A request under way on a connection, for as long as it lives.
struct Busy(Arc<Connection>);

impl Busy {
    fn start(connection: &Arc<Connection>) -> Busy {
        connection.busy.fetch_add(1, Ordering::AcqRel);
        Busy(Arc::clone(connection))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that holds its request's [`Busy`].
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl HttpBody for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
