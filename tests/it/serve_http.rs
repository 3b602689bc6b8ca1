//! `serve`'s HTTP layer against the running binary, over raw sockets: malformed
//! requests are refused with 400 (never answered as a success), directories redirect to
//! a path with one leading `/`, `Range` is answered with 206, connections are kept
//! alive, idle and slow connections are closed after the header timeout and never keep
//! a new request waiting, and the reload stream announces each build.

use crate::helpers::{copy_dir, manifest_dir, start_server, start_server_limited, Server};
use jiebie::publish::serve::{EVENTS_PATH, HEADER_TIMEOUT, MAX_CONNECTIONS};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One response as read off the wire.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.text();
        let start: String = text.chars().take(120).collect();
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format!("{start}… ({} bytes)", self.body.len()))
            .finish()
    }
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Reads one response; `None` when the connection closes before a status line.
/// `head` says the request was HEAD (no body follows whatever the headers say).
fn read_reply(reader: &mut BufReader<TcpStream>, head: bool) -> Option<Reply> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let status = line.split_whitespace().nth(1)?.parse().ok()?;
    assert!(line.starts_with("HTTP/1.1 "), "{line:?}");
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header");
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if head || status == 304 {
        return Some(reply);
    }
    if let Some(length) = reply.header("content-length") {
        reply.body = vec![0; length.parse().unwrap()];
        reader.read_exact(&mut reply.body).unwrap();
    } else if reply.header("transfer-encoding") == Some("chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            if size == 0 {
                break;
            }
            reply.body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut reply.body).unwrap();
    }
    Some(reply)
}

/// Sends `request` on a new connection and reads the response.
fn exchange(server: &Server, request: &[u8]) -> Option<Reply> {
    let mut stream = connect(server);
    stream.write_all(request).unwrap();
    let head = request.starts_with(b"HEAD ");
    read_reply(&mut BufReader::new(stream), head)
}

fn get(server: &Server, target: &str, extra: &str) -> Reply {
    let request = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n{extra}\r\n");
    exchange(server, request.as_bytes()).expect("a response")
}

/// The server on the sample site in the repository (for tests that change nothing).
fn sample_server() -> Server {
    start_server(&manifest_dir())
}

#[test]
fn malformed_requests_are_refused_never_answered_as_success() {
    let server = sample_server();
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: {}\r\n\r\n",
        "a".repeat(70_000)
    );
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("no request line", b"Host: localhost\r\n\r\n".to_vec(), 400),
        ("garbage", b"hello there\r\n\r\n".to_vec(), 400),
        (
            "a TLS hello",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(),
            400,
        ),
        ("no HTTP version", b"GET /\r\n\r\n".to_vec(), 400),
        (
            "no HTTP version, with headers",
            b"GET /\r\nHost: localhost\r\n\r\n".to_vec(),
            400,
        ),
        (
            "another protocol",
            b"GET / FOO/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            400,
        ),
        (
            "HTTP/2.0 in text",
            b"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n".to_vec(),
            400,
        ),
        (
            "HTTP/0.9 with a version",
            b"GET / HTTP/0.9\r\n\r\n".to_vec(),
            400,
        ),
        (
            "invalid UTF-8 in the target",
            b"GET /\xff\xfe.html HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            400,
        ),
        (
            "a header without a colon",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n".to_vec(),
            400,
        ),
        (
            "a space before the colon",
            b"GET / HTTP/1.1\r\nHost : localhost\r\n\r\n".to_vec(),
            400,
        ),
        ("a head over the limit", long_header.into_bytes(), 431),
        (
            "POST",
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".to_vec(),
            405,
        ),
    ];
    for (what, request, expected) in cases {
        let reply = exchange(&server, &request).unwrap_or_else(|| panic!("{what}: no reply"));
        assert_eq!(reply.status, expected, "{what}: {reply:?}");
        if expected == 405 {
            assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{what}");
        }
    }

    // Paths that are not strictly percent-encoded UTF-8: 400 with a short body.
    for target in ["/%ff", "/%e9%95", "/%zz", "/%", "/a%2", "/%c0%ae%c0%ae/"] {
        let reply = get(&server, target, "");
        assert_eq!(reply.status, 400, "{target}");
        let body = reply.text();
        assert!(
            !body.is_empty() && body.len() < 200 && !body.contains('<'),
            "{target}: {body}"
        );
    }
    // A long head under the limit is read.
    let long = format!("X-Long: {}\r\n", "a".repeat(60_000));
    assert_eq!(get(&server, "/", &long).status, 200);
}

#[test]
fn bare_lf_line_ends_are_accepted_as_rfc_9112_allows() {
    // RFC 9112 §2.2: a recipient MAY recognise a single LF as a line terminator. hyper's
    // parser (httparse) does, so such a request is answered like any other.
    let server = sample_server();
    let reply = exchange(&server, b"GET / HTTP/1.1\nHost: localhost\n\n").expect("a reply");
    assert_eq!(reply.status, 200);
}

#[test]
fn folders_redirect_to_a_path_with_one_leading_slash() {
    let server = sample_server();
    for (target, location) in [
        ("//search", "/search/"),
        ("/search", "/search/"),
        ("//search/", "/search/"),
        ("///search//?q=%E6%94%BF", "/search/?q=%E6%94%BF"),
        ("//sectors//minmeng", "/sectors/minmeng/"),
        ("//favicon.ico", "/favicon.ico"),
        ("//", "/"),
    ] {
        let reply = get(&server, target, "");
        assert_eq!(reply.status, 301, "{target}: {reply:?}");
        assert_eq!(reply.header("location"), Some(location), "{target}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{target}");
    }
    assert_eq!(get(&server, "/search/", "").status, 200);
    // Nothing there: not found, not redirected.
    assert_eq!(get(&server, "//no-such-folder", "").status, 404);
}

#[test]
fn range_requests_are_answered_with_206() {
    let server = sample_server();
    let icon = std::fs::read(server.private_dir().join("site/favicon.ico")).unwrap();
    let length = icon.len();
    assert!(length > 20);

    let reply = get(&server, "/favicon.ico", "Range: bytes=0-9\r\n");
    assert_eq!(reply.status, 206, "{reply:?}");
    assert_eq!(
        reply.header("content-range"),
        Some(format!("bytes 0-9/{length}").as_str())
    );
    assert_eq!(reply.body, icon[..10]);
    assert_eq!(reply.header("content-type"), Some("image/x-icon"));

    let reply = get(&server, "/favicon.ico", "Range: bytes=-5\r\n");
    assert_eq!(reply.status, 206);
    assert_eq!(reply.body, icon[length - 5..]);

    let reply = get(&server, "/favicon.ico", "Range: bytes=99999999-\r\n");
    assert_eq!(reply.status, 416);
    assert_eq!(
        reply.header("content-range"),
        Some(format!("bytes */{length}").as_str())
    );

    // More than one range: the whole file, as RFC 9110 allows.
    let reply = get(&server, "/favicon.ico", "Range: bytes=0-1,4-5\r\n");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, icon);

    // Pages are always sent whole (the reload script is added to them).
    let reply = get(&server, "/", "Range: bytes=0-9\r\n");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains(EVENTS_PATH));
}

#[test]
fn connections_are_kept_alive_and_every_response_is_complete() {
    let server = sample_server();
    let stream = connect(&server);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut ask = |method: &str, target: &str| {
        write!(
            writer,
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        read_reply(&mut reader, method == "HEAD").expect("answered on the same connection")
    };

    let page = ask("GET", "/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(page.text().contains(EVENTS_PATH));

    let head = ask("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );

    let icon = ask("GET", "/favicon.ico");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/x-icon"));
    let head = ask("HEAD", "/favicon.ico");
    assert_eq!(
        head.header("content-length"),
        Some(icon.body.len().to_string().as_str())
    );

    let missing = ask("GET", "/no/such/page/");
    assert_eq!(missing.status, 404);
    let site_404 = std::fs::read_to_string(server.private_dir().join("site/404.html")).unwrap();
    let title = site_404
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(missing.text().contains(title), "the site's own 404 page");
    assert!(missing.text().contains(EVENTS_PATH));

    let css = ask("GET", "/");
    assert_eq!(css.status, 200, "a fifth request on the same connection");
}

/// Whether the server has closed `stream` (it reads end of file or a reset).
fn is_closed(mut stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0; 1];
    let result = stream.read(&mut byte);
    stream.set_nonblocking(false).unwrap();
    match result {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) if e.kind() == ErrorKind::WouldBlock => false,
        Err(_) => true,
    }
}

#[test]
fn idle_connections_never_keep_a_new_request_waiting() {
    // The server gets 1,024 open files, the limit that ~500 idle connections used to
    // exhaust; 600 connections that send nothing are opened first.
    let server = start_server_limited(&manifest_dir(), 1024);
    let idle: Vec<TcpStream> = (0..600).map(|_| connect(&server)).collect();

    let asked = Instant::now();
    let mut stream = connect(&server);
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let reply = read_reply(&mut BufReader::new(stream), false).expect("answered");
    assert_eq!(reply.status, 200);
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "answered in {:?}",
        asked.elapsed()
    );

    // The oldest idle connections were closed to make room: no more than the cap stay.
    std::thread::sleep(Duration::from_millis(200));
    let closed = idle.iter().filter(|s| is_closed(s)).count();
    assert!(
        closed > 600 - MAX_CONNECTIONS,
        "{closed} of 600 idle connections closed"
    );
    assert!(is_closed(&idle[0]), "the oldest goes first");
    drop(idle);
    assert_eq!(get(&server, "/", "").status, 200);
}

#[test]
fn idle_and_slow_connections_are_closed_after_the_header_timeout() {
    let server = sample_server();
    let started = Instant::now();
    let silent = connect(&server);
    let mut slow = connect(&server);
    slow.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    let mut kept = connect(&server);
    kept.write_all(b"GET /favicon.ico HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    assert_eq!(read_reply(&mut reader, false).unwrap().status, 200);

    let deadline = started + HEADER_TIMEOUT + Duration::from_secs(5);
    let mut open = vec![
        ("silent", &silent),
        ("slow", &slow),
        ("idle keep-alive", &kept),
    ];
    while !open.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        open.retain(|(what, stream)| {
            if is_closed(stream) {
                assert!(
                    started.elapsed() >= HEADER_TIMEOUT - Duration::from_secs(1),
                    "{what} closed after {:?}, before the timeout",
                    started.elapsed()
                );
                false
            } else {
                true
            }
        });
    }
    let left: Vec<&str> = open.iter().map(|(what, _)| *what).collect();
    assert!(left.is_empty(), "still open: {left:?}");
}

#[test]
fn the_reload_stream_announces_each_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join("content"), &dir.path().join("content"));
    let server = start_server(dir.path());
    let mut stream = connect(&server);
    write!(
        stream,
        "GET {EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut data = || loop {
        let mut line = String::new();
        assert_ne!(reader.read_line(&mut line).unwrap(), 0, "the stream ended");
        if let Some(generation) = line.trim_end().strip_prefix("data: ") {
            return generation.to_string();
        }
    };
    let first = data();
    let page = get(&server, "/", "").text();
    assert!(
        page.contains(&format!("var g=\"{first}\"")),
        "the page belongs to the generation announced"
    );

    let file = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n# changed\n")).unwrap();
    let next = data();
    assert_ne!(next, first, "a rebuild is announced");
}
