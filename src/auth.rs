//! Credentials: where the bearer token comes from, and which one an operation sends.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::error::Error;
use crate::operation::Auth;

/// A boxed future that stays on the browser's single thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// A secret string: its `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The value, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where the session token comes from; asked before every request, so a token
/// refreshed elsewhere is picked up without re-authorizing.
#[derive(Clone, Default)]
pub enum TokenSource {
    #[default]
    None,
    Static(Secret),
    /// Called before each request; `Ok(None)` sends no Authorization header.
    Dynamic(Rc<dyn Fn() -> LocalFuture<Result<Option<Secret>, Error>>>),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenSource::None => "TokenSource::None",
            TokenSource::Static(_) => "TokenSource::Static(<redacted>)",
            TokenSource::Dynamic(_) => "TokenSource::Dynamic(..)",
        })
    }
}

impl TokenSource {
    pub async fn token(&self) -> Result<Option<Secret>, Error> {
        match self {
            TokenSource::None => Ok(None),
            TokenSource::Static(secret) => Ok(Some(secret.clone())),
            TokenSource::Dynamic(f) => f().await,
        }
    }
}

/// The `Authorization` value for an operation: none for public operations, the
/// caller's token for caller-token operations, else the session token (if any;
/// without one the server answers 401, which `onUnauthorized` can handle).
pub async fn authorization(auth: Auth, caller_token: Option<&str>, session: &TokenSource) -> Result<Option<Secret>, Error> {
    let token = match auth {
        Auth::None => None,
        Auth::CallerToken => caller_token.map(Secret::new),
        Auth::Session => session.token().await?,
    };
    let Some(token) = token.filter(|t| !t.expose().is_empty()) else { return Ok(None) };
    // What the browser would refuse (a TypeError, indistinguishable from a network failure and
    // retried as one) is refused here; the message never shows the token.
    if !crate::config::is_latin1(token.expose()) || token.expose().chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(Error::invalid_input(
            "the token contains a line break, NUL or a character above U+00FF, which an Authorization header cannot carry",
        ));
    }
    Ok(Some(Secret(crate::error::text(&["Bearer ", token.expose()]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(f: F) -> F::Output {
        // The futures here never wait, so one poll with a no-op waker completes them.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("future was not ready"),
        }
    }

    #[test]
    fn selects_credential_by_security() {
        let session = TokenSource::Static(Secret::new("session-token"));
        let a = |auth, caller| block_on(authorization(auth, caller, &session)).unwrap().map(|s| s.expose().to_string());
        assert_eq!(a(Auth::None, Some("id")), None);
        assert_eq!(a(Auth::Session, None).as_deref(), Some("Bearer session-token"));
        assert_eq!(a(Auth::CallerToken, Some("id-token")).as_deref(), Some("Bearer id-token"));
        assert_eq!(a(Auth::CallerToken, None), None);
    }

    #[test]
    fn dynamic_source_is_asked_each_time() {
        let counter = Rc::new(std::cell::Cell::new(0));
        let c = counter.clone();
        let source = TokenSource::Dynamic(Rc::new(move || {
            c.set(c.get() + 1);
            let n = c.get();
            Box::pin(async move { Ok(Some(Secret::new(format!("t{n}")))) })
        }));
        let first = block_on(authorization(Auth::Session, None, &source)).unwrap();
        let second = block_on(authorization(Auth::Session, None, &source)).unwrap();
        assert_eq!(first.unwrap().expose(), "Bearer t1");
        assert_eq!(second.unwrap().expose(), "Bearer t2");
        assert_eq!(counter.get(), 2);
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?} {s}").contains("hunter2"));
        let src = TokenSource::Static(s);
        assert!(!format!("{src:?}").contains("hunter2"));
    }

    #[test]
    fn unsendable_token_is_invalid_input_without_the_token() {
        for bad in ["tok\u{100}en", "tok\nen", "名前"] {
            let session = TokenSource::Static(Secret::new(bad));
            let err = block_on(authorization(Auth::Session, None, &session)).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput);
            assert!(!err.message.contains(bad) && !format!("{err:?}").contains(bad));
            let err = block_on(authorization(Auth::CallerToken, Some(bad), &TokenSource::None)).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput);
        }
    }

    #[test]
    fn empty_token_sends_nothing() {
        let session = TokenSource::Static(Secret::new(""));
        assert_eq!(block_on(authorization(Auth::Session, None, &session)).unwrap(), None);
    }
}
