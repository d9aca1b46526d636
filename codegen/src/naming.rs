//! Identifier derivation: PascalCase type names, snake_case fields and functions,
//! SCREAMING_SNAKE constants, keyword escaping and collision-free allocation.

use std::collections::HashSet;

/// Rust keywords (strict and reserved, 2021 edition).
const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a name into words at non-alphanumeric characters and case changes:
/// `getECPContact` → get, ECP, Contact; `feed-in` → feed, in; `listIndex` → list, Index.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|c| !c.is_empty()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if c.is_ascii_uppercase() => {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                }
                _ => false,
            };
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// PascalCase for type names made from spec names, keeping inner capitals
/// (`getECPContact` → `GetECPContact`, `billing_contact` → `BillingContact`).
pub fn pascal(s: &str) -> String {
    let mut out: String = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(capitalize)
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// PascalCase for enum variants: all-caps words are softened (`ACTION_WIDGET` →
/// `ActionWidget`, `PT15M` → `Pt15M`), an empty value is `Empty`, a leading digit gets `V`.
pub fn variant(value: &str) -> String {
    let mut out: String = words(value)
        .iter()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_lowercase()) {
                capitalize(w)
            } else {
                capitalize(&w.to_ascii_lowercase())
            }
        })
        .collect();
    if out.is_empty() {
        out = "Empty".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// snake_case; leading underscores of the spec name are kept (`_id` stays `_id`).
pub fn snake(s: &str) -> String {
    let leading = s.len() - s.trim_start_matches('_').len();
    let body = words(s).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    let mut out = "_".repeat(leading) + &body;
    if out.is_empty() || out.chars().all(|c| c == '_') {
        out.push_str("field");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

pub fn screaming(s: &str) -> String {
    snake(s).trim_start_matches('_').to_ascii_uppercase()
}

/// A snake_case name usable as a Rust identifier (`type` → `r#type`, `self` → `self_`).
pub fn rust_ident(snake_name: &str) -> String {
    if NOT_RAW.contains(&snake_name) {
        format!("{snake_name}_")
    } else if RUST_KEYWORDS.contains(&snake_name) {
        format!("r#{snake_name}")
    } else {
        snake_name.to_string()
    }
}

/// The name serde sees for a Rust field identifier (raw prefix stripped).
pub fn serde_name(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether a property name can stand unquoted in a TypeScript interface.
pub fn is_ts_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A TypeScript property key: the spec name, quoted when it is not an identifier.
pub fn ts_key(name: &str) -> String {
    if is_ts_ident(name) {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// Hands out unique names: the wanted one if free, else `wanted2`, `wanted3`, ...
#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn alloc(&mut self, wanted: &str) -> String {
        self.alloc_sep(wanted, "")
    }

    /// Like `alloc`, with a separator before the counter (`field_2`).
    pub fn alloc_sep(&mut self, wanted: &str, sep: &str) -> String {
        let mut name = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{wanted}{sep}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(words("getECPContact"), ["get", "ECP", "Contact"]);
        assert_eq!(words("getPortalExtensionsV3"), ["get", "Portal", "Extensions", "V3"]);
        assert_eq!(words("cognito:username"), ["cognito", "username"]);
        assert_eq!(words("deRegisterMLoginUser"), ["de", "Register", "M", "Login", "User"]);
    }

    #[test]
    fn derives_identifiers() {
        assert_eq!(snake("getECPContact"), "get_ecp_contact");
        assert_eq!(snake("_id"), "_id");
        assert_eq!(snake("$relation"), "relation");
        assert_eq!(snake("listIndex"), "list_index");
        assert_eq!(snake("custom:portal_user_id"), "custom_portal_user_id");
        assert_eq!(screaming("getContact"), "GET_CONTACT");
        assert_eq!(pascal("getECPContact"), "GetECPContact");
        assert_eq!(pascal("_schema"), "Schema");
        assert_eq!(pascal("billing_contact"), "BillingContact");
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("self"), "self_");
        assert_eq!(serde_name("r#type"), "type");
    }

    #[test]
    fn derives_variants() {
        assert_eq!(variant("feed-in"), "FeedIn");
        assert_eq!(variant("ACTION_WIDGET"), "ActionWidget");
        assert_eq!(variant("PT15M"), "Pt15M");
        assert_eq!(variant(""), "Empty");
        assert_eq!(variant("registrationIdentifiersCheck"), "RegistrationIdentifiersCheck");
        assert_eq!(variant("1st"), "V1st");
    }

    #[test]
    fn quotes_ts_keys() {
        assert_eq!(ts_key("_id"), "_id");
        assert_eq!(ts_key("$relation"), "$relation");
        assert_eq!(ts_key("cognito:username"), "'cognito:username'");
        assert_eq!(ts_key("x-api-key"), "'x-api-key'");
    }

    #[test]
    fn allocates_unique_names() {
        let mut n = Names::default();
        n.reserve("Contact");
        assert_eq!(n.alloc("Contact"), "Contact2");
        assert_eq!(n.alloc("Contact"), "Contact3");
        assert_eq!(n.alloc_sep("extra", "_"), "extra");
        assert_eq!(n.alloc_sep("extra", "_"), "extra_2");
    }
}
