//! Who may use the desk, and which requests are the desk's own.
//!
//! - **Host.** On a loopback address the `Host` header must name it (`127.0.0.1`,
//!   `localhost`, `[::1]`, with the port): a page of another site whose name was made to
//!   resolve to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
//! - **Access token.** When `--bind` opens the preview to other machines, the desk
//!   needs the token printed on the terminal: given once as `?token=…`, it is kept in a
//!   cookie for the desk's path (HttpOnly, SameSite=Strict).
//! - **CSRF.** Every POST carries the desk's per-process token (a hidden field, or the
//!   `X-Jiebie-Csrf` header from the desk's script), and a POST whose `Origin` is
//!   another site's is refused.
//!
//! Tokens come from the operating system's random generator (`getrandom`) and are
//! compared in constant time.

use axum::http::{header, HeaderMap, Method};
use std::net::SocketAddr;

/// The cookie that keeps the access token.
pub const TOKEN_COOKIE: &str = "jiebie_desk_token";
/// The header the desk's script sends the CSRF token in.
pub const CSRF_HEADER: &str = "x-jiebie-csrf";

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The `Host` header names no loopback address of this server.
    Host,
    /// The access token is missing or wrong.
    Token,
    /// A POST without the right CSRF token, or from another site.
    Forgery,
}

impl Refusal {
    /// What to tell the person, in one line.
    pub fn message(self) -> String {
        match self {
            Refusal::Host => crate::tr!(
                "拒绝访问：请用终端上显示的地址（http://127.0.0.1:端口/）打开写作台",
                "access refused: open the desk at the address shown in the terminal (http://127.0.0.1:PORT/)"
            ),
            Refusal::Token => crate::tr!(
                "需要访问令牌：请用终端上显示的完整地址（带 ?token=）打开写作台",
                "an access token is needed: open the desk with the full address shown in the terminal (with ?token=)"
            ),
            Refusal::Forgery => crate::tr!(
                "表单已过期或来自其他网站：请刷新页面后再提交",
                "the form has expired or came from another site: reload the page and submit again"
            ),
        }
    }
}

/// The desk's tokens and the address it serves on.
#[derive(Debug, Clone)]
pub struct Guard {
    address: SocketAddr,
    csrf: String,
    access: Option<String>,
}

impl Guard {
    /// A guard for a desk served at `address`: an access token is required unless it is
    /// a loopback address.
    pub fn new(address: SocketAddr) -> std::io::Result<Guard> {
        let access = if address.ip().is_loopback() {
            None
        } else {
            Some(random_token()?)
        };
        Ok(Guard {
            address,
            csrf: random_token()?,
            access,
        })
    }

    /// The CSRF token every form carries.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The access token, when the desk needs one.
    pub fn access_token(&self) -> Option<&str> {
        self.access.as_deref()
    }

    /// Checks a request's host and access token. `Ok(true)` when the token came in the
    /// query (the caller sets the cookie and drops it from the address).
    pub fn admit(&self, headers: &HeaderMap, query: Option<&str>) -> Result<bool, Refusal> {
        if self.address.ip().is_loopback() && !self.host_is_loopback(headers) {
            return Err(Refusal::Host);
        }
        let Some(expected) = &self.access else {
            return Ok(false);
        };
        let from_query = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter_map(|pair| pair.strip_prefix("token="))
            .any(|given| same(given, expected));
        if from_query {
            return Ok(true);
        }
        let from_cookie = cookies(headers, TOKEN_COOKIE).any(|given| same(given, expected));
        if from_cookie {
            Ok(false)
        } else {
            Err(Refusal::Token)
        }
    }

    /// Checks that a state-changing request is the desk's own: its CSRF token (header or
    /// form field `given`) and, when the browser says, its origin.
    pub fn check_post(
        &self,
        method: &Method,
        headers: &HeaderMap,
        given: Option<&str>,
    ) -> Result<(), Refusal> {
        if method == Method::GET || method == Method::HEAD {
            return Ok(());
        }
        let header = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let token_ok = header.or(given).is_some_and(|t| same(t, &self.csrf));
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let host = headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                origin == format!("http://{host}")
            }
        };
        if token_ok && origin_ok {
            Ok(())
        } else {
            Err(Refusal::Forgery)
        }
    }

    /// The cookie that keeps the access token.
    pub fn token_cookie(&self) -> Option<String> {
        self.access.as_ref().map(|token| {
            format!("{TOKEN_COOKIE}={token}; Path=/__jiebie/; HttpOnly; SameSite=Strict")
        })
    }

    fn host_is_loopback(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let port = self.address.port();
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
    }
}

/// The values of every cookie called `name` the request sends, as written.
pub fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// 128 random bits, hex-encoded.
fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two tokens in time independent of where they differ.
fn same(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn a_loopback_desk_wants_a_loopback_host() {
        let guard = Guard::new("127.0.0.1:1111".parse().unwrap()).unwrap();
        assert_eq!(
            guard.admit(&headers(&[("host", "127.0.0.1:1111")]), None),
            Ok(false)
        );
        assert_eq!(
            guard.admit(&headers(&[("host", "LOCALHOST:1111")]), None),
            Ok(false)
        );
        for bad in ["evil.example:1111", "127.0.0.1:2222", "127.0.0.1", ""] {
            assert_eq!(
                guard.admit(&headers(&[("host", bad)]), None),
                Err(Refusal::Host),
                "{bad}"
            );
        }
        assert_eq!(guard.admit(&HeaderMap::new(), None), Err(Refusal::Host));
    }

    #[test]
    fn an_open_desk_wants_its_token() {
        let guard = Guard::new("0.0.0.0:1111".parse().unwrap()).unwrap();
        let token = guard.access_token().unwrap().to_string();
        assert_eq!(token.len(), 32);
        let host = headers(&[("host", "192.168.1.5:1111")]);
        assert_eq!(guard.admit(&host, None), Err(Refusal::Token));
        assert_eq!(guard.admit(&host, Some("token=wrong")), Err(Refusal::Token));
        assert_eq!(
            guard.admit(&host, Some(&format!("a=1&token={token}"))),
            Ok(true)
        );
        let cookie = headers(&[
            ("host", "x:1111"),
            ("cookie", &format!("a=b; {TOKEN_COOKIE}={token}")),
        ]);
        assert_eq!(guard.admit(&cookie, None), Ok(false));
        assert_ne!(
            Guard::new("0.0.0.0:1111".parse().unwrap())
                .unwrap()
                .access_token(),
            Some(token.as_str())
        );
    }

    #[test]
    fn posts_need_the_csrf_token_and_the_same_origin() {
        let guard = Guard::new("127.0.0.1:1111".parse().unwrap()).unwrap();
        let csrf = guard.csrf().to_string();
        let post = Method::POST;
        let host = headers(&[("host", "127.0.0.1:1111")]);
        assert_eq!(guard.check_post(&post, &host, None), Err(Refusal::Forgery));
        assert_eq!(
            guard.check_post(&post, &host, Some("x")),
            Err(Refusal::Forgery)
        );
        assert_eq!(guard.check_post(&post, &host, Some(&csrf)), Ok(()));
        let same_origin = headers(&[
            ("host", "127.0.0.1:1111"),
            ("origin", "http://127.0.0.1:1111"),
            (CSRF_HEADER, &csrf),
        ]);
        assert_eq!(guard.check_post(&post, &same_origin, None), Ok(()));
        let other = headers(&[
            ("host", "127.0.0.1:1111"),
            ("origin", "http://evil.example"),
            (CSRF_HEADER, &csrf),
        ]);
        assert_eq!(guard.check_post(&post, &other, None), Err(Refusal::Forgery));
        assert_eq!(guard.check_post(&Method::GET, &host, None), Ok(()));
    }
}
