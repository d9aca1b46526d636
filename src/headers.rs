//! [`Headers`]: the headers of an answer, names lower-cased, in the order they came (the
//! browser lists them sorted by name). A list, not a map: an answer has a handful of
//! headers, and a map's tree code was 1.5 KB gzip of the `.wasm`.

/// Response headers (names lower-cased). A name occurs at most once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new() -> Headers {
        Headers(Vec::new())
    }

    /// The value of header `name` (lower-case), if the answer has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Sets header `name`: replaces its value, or adds it at the end.
    pub fn insert(&mut self, name: String, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name, value)),
        }
    }

    /// `(name, value)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Later pairs replace earlier ones of the same name.
impl FromIterator<(String, String)> for Headers {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Headers {
        let mut headers = Headers::new();
        for (name, value) in pairs {
            headers.insert(name, value);
        }
        headers
    }
}

impl IntoIterator for Headers {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_occurs_once_and_keeps_its_place() {
        let mut h: Headers = [("a", "1"), ("b", "2"), ("a", "3")].map(|(n, v)| (n.to_string(), v.to_string())).into_iter().collect();
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![("a", "3"), ("b", "2")]);
        h.insert("c".into(), "4".into());
        h.insert("b".into(), "5".into());
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![("a", "3"), ("b", "5"), ("c", "4")]);
        assert_eq!((h.get("b"), h.get("B"), h.get("d"), h.len()), (Some("5"), None, None, 3));
    }
}
