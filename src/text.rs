//! Splitting and trimming text at ASCII bytes: what `str::split`, `split_once`, `rsplit_once`
//! and `trim_*_matches` give with character patterns, as a plain byte search. The standard library's character searcher
//! (with its `memchr`) was ~1 KB of the `.wasm` for the few places that split descriptors,
//! URLs, dates and headers.

/// `text` split around its first byte that is one of `seps` (ASCII), as
/// `text.split_once([..])` gives it.
pub(crate) fn split_once<'a>(text: &'a str, seps: &[u8]) -> Option<(&'a str, &'a str)> {
    let at = text.bytes().position(|b| seps.contains(&b))?;
    // An ASCII byte is a character boundary: both halves exist.
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` split around its last `sep` byte (ASCII), as `text.rsplit_once(sep)` gives it.
pub(crate) fn rsplit_once(text: &str, sep: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == sep)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// The part of `text` before its first byte that is one of `seps` (all of it when there is
/// none): `text.split([..]).next()`.
pub(crate) fn before<'a>(text: &'a str, seps: &[u8]) -> &'a str {
    split_once(text, seps).map_or(text, |(first, _)| first)
}

/// `text` without the `byte`s (ASCII) it starts with, as `text.trim_start_matches(byte)` gives it.
pub(crate) fn trim_start(mut text: &str, byte: u8) -> &str {
    while text.as_bytes().first() == Some(&byte) {
        text = text.get(1..).unwrap_or("");
    }
    text
}

/// `text` without the `byte`s (ASCII) it ends with, as `text.trim_end_matches(byte)` gives it.
pub(crate) fn trim_end(mut text: &str, byte: u8) -> &str {
    while text.as_bytes().last() == Some(&byte) {
        text = text.get(..text.len() - 1).unwrap_or("");
    }
    text
}

/// The pieces of `text` between its `sep` bytes (ASCII), as `text.split(sep)` gives them.
pub(crate) fn pieces(text: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(text), sep }
}

/// The iterator of [`pieces`].
pub(crate) struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, &[self.sep]) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: [&str; 13] = ["", ".", "...", "a", "a.b", ".a.", "..a..", "a..b", "ä.ö.ü", ".ä.", "127.0.0.1", "x?y#z", "no separator"];

    #[test]
    fn as_the_standard_library_splits() {
        for text in SAMPLES {
            assert_eq!(pieces(text, b'.').collect::<Vec<_>>(), text.split('.').collect::<Vec<_>>(), "{text:?}");
            assert_eq!(split_once(text, b"."), text.split_once('.'), "{text:?}");
            assert_eq!(split_once(text, b".#"), text.split_once(['.', '#']), "{text:?}");
            assert_eq!(rsplit_once(text, b'.'), text.rsplit_once('.'), "{text:?}");
            assert_eq!(before(text, b"?#"), text.split(['?', '#']).next().unwrap_or(""), "{text:?}");
            assert_eq!(trim_start(text, b'.'), text.trim_start_matches('.'), "{text:?}");
            assert_eq!(trim_end(text, b'.'), text.trim_end_matches('.'), "{text:?}");
        }
    }
}
