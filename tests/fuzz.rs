#![cfg(not(target_arch = "wasm32"))]
//! Fuzz suite (native, proptest): whatever a server answers, decoding never panics.
//!
//! Every input goes to every decoder of `fuzz_targets/generated.rs` (written by the
//! generator): each model, each operation's success type through the runtime's
//! response decoding (`client::decode_text`, what `Client::send` does with the body
//! text), and each paged operation's page (`paging::page_of`, then each item). An
//! `Err` is fine; a panic fails the test with the decoder's name and the input.
//!
//! Three strategies, `FUZZ_CASES` cases each (default below; `cargo test` runs it):
//! - `arbitrary_bytes`: random bytes, byte-level mutations (cut, flip, insert,
//!   splice) of the seed corpus, and hostile texts (deep nesting, huge numbers,
//!   escapes, lone surrogates);
//! - `arbitrary_json`: recursive JSON values with the spec's member names and enum
//!   strings, numbers of every kind (huge, negative, fractional, beyond i64/u64);
//! - `mutated_examples`: the spec's own examples (and values synthesized from its
//!   schemas), with members replaced, removed, retyped, nulled, wrapped or added.
//!
//! A long run: `FUZZ_CASES=100000 cargo test --release --test fuzz -- --nocapture`
//! (see README "Fuzzing").

#[path = "fuzz_targets/generated.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Number, Value};

/// Cases per strategy when `FUZZ_CASES` is not set: sized so the three strategies
/// take well under a minute in a debug build on 2 cores (see README "Fuzzing").
const DEFAULT_CASES: u32 = 300;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.trim().replace('_', "").parse().ok()).unwrap_or(DEFAULT_CASES)
}

/// Every decoder: `(name, decode)`.
fn decoders() -> impl Iterator<Item = &'static (&'static str, targets::Decode)> {
    targets::MODELS.iter().chain(targets::OPERATIONS).chain(targets::PAGED)
}

/// Feeds `bytes` to every decoder; fails on the first panic. Returns how many decoded.
fn feed(bytes: &[u8]) -> Result<usize, TestCaseError> {
    let mut decoded = 0;
    for (name, decode) in decoders() {
        match catch_unwind(AssertUnwindSafe(|| decode(bytes))) {
            Ok(ok) => decoded += usize::from(ok),
            Err(_) => {
                return Err(TestCaseError::fail(format!("decoding `{name}` panicked on: {}", String::from_utf8_lossy(bytes))));
            }
        }
    }
    Ok(decoded)
}

/// Runs `strategy` for `cases()` cases, feeding each input; prints the figures.
fn run<S: Strategy>(what: &str, strategy: S, to_bytes: impl Fn(S::Value) -> Vec<u8>) {
    let cases = cases();
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 2000, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let decoded = std::cell::Cell::new(0usize);
    let result = runner.run(&strategy, |input| {
        decoded.set(decoded.get() + feed(&to_bytes(input))?);
        Ok(())
    });
    let elapsed = started.elapsed();
    eprintln!(
        "fuzz {what}: {cases} cases x {} decoders in {:.1} s ({} decodes succeeded)",
        decoders().count(),
        elapsed.as_secs_f64(),
        decoded.get()
    );
    if let Err(e) = result {
        panic!("fuzz {what}: {e}");
    }
}

// ---------- (a) bytes ----------------------------------------------------------------

fn seed_bytes() -> impl Strategy<Value = Vec<u8>> {
    (0..targets::SEEDS.len()).prop_map(|i| targets::SEEDS[i].1.as_bytes().to_vec())
}

#[derive(Clone, Debug)]
enum ByteEdit {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    /// Copies a slice of the input over another place (structure-aware-ish splicing).
    Splice(usize, usize, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let token = prop_oneof![
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b":".to_vec()),
        Just(b"null".to_vec()),
        Just(b"\\u0000".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"-0".to_vec()),
        Just(b"18446744073709551616".to_vec()),
        Just(vec![0xff, 0xfe]),
        prop::collection::vec(any::<u8>(), 1..4),
    ];
    prop_oneof![
        any::<usize>().prop_map(ByteEdit::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| ByteEdit::Flip(i, b)),
        (any::<usize>(), token).prop_map(|(i, t)| ByteEdit::Insert(i, t)),
        (any::<usize>(), 1usize..16).prop_map(|(i, n)| ByteEdit::Remove(i, n)),
        (any::<usize>(), any::<usize>(), 1usize..64).prop_map(|(a, b, n)| ByteEdit::Splice(a, b, n)),
    ]
}

fn apply_byte_edit(bytes: &mut Vec<u8>, edit: &ByteEdit) {
    let len = bytes.len();
    let at = |i: usize| if len == 0 { 0 } else { i % (len + 1) };
    match edit {
        ByteEdit::Truncate(i) => bytes.truncate(at(*i)),
        ByteEdit::Flip(i, b) if len > 0 => bytes[i % len] ^= b | 1,
        ByteEdit::Flip(..) => {}
        ByteEdit::Insert(i, t) => {
            let i = at(*i);
            bytes.splice(i..i, t.iter().copied());
        }
        ByteEdit::Remove(i, n) => {
            let i = at(*i);
            let end = (i + n).min(len);
            bytes.drain(i..end);
        }
        ByteEdit::Splice(a, b, n) if len > 0 => {
            let from = a % len;
            let piece: Vec<u8> = bytes[from..(from + n).min(len)].to_vec();
            let to = at(*b);
            bytes.splice(to..to, piece);
        }
        ByteEdit::Splice(..) => {}
    }
}

/// Texts no generator is likely to hit by chance.
fn hostile_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (1usize..400).prop_map(|n| "[".repeat(n).into_bytes()),
        (1usize..400).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1usize..200).prop_map(|n| format!("{}null{}", "{\"data\":".repeat(n), "}".repeat(n)).into_bytes()),
        (1usize..200).prop_map(|n| format!("{}{{}}{}", "{\"results\":[".repeat(n), "]}".repeat(n)).into_bytes()),
        Just(b"1e400".to_vec()),
        Just(b"-1e400".to_vec()),
        Just(b"123456789012345678901234567890".to_vec()),
        Just(b"{\"_id\":\"\\ud800\"}".to_vec()),
        Just(b"\"\\udfff\\ud800\"".to_vec()),
        Just(b"{\"a\":1,\"a\":2}".to_vec()),
        Just(b"\xef\xbb\xbf{}".to_vec()),
        Just(b"  \n\t ".to_vec()),
        Just(b"".to_vec()),
    ]
}

#[test]
fn arbitrary_bytes() {
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        (seed_bytes(), prop::collection::vec(byte_edit(), 1..6)).prop_map(|(mut b, edits)| {
            edits.iter().for_each(|e| apply_byte_edit(&mut b, e));
            b
        }),
        hostile_text(),
    ];
    run("arbitrary_bytes", bytes, |b| b);
}

// ---------- (b) JSON values ----------------------------------------------------------

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..targets::KEYS.len()).prop_map(|i| targets::KEYS[i].to_string()),
        1 => "[a-z_$]{0,8}",
        1 => Just("extra".to_string()),
    ]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0..targets::STRINGS.len()).prop_map(|i| targets::STRINGS[i].to_string()),
        1 => (0..targets::KEYS.len()).prop_map(|i| targets::KEYS[i].to_string()),
        1 => Just("2024-02-29T23:59:60.999+14:00".to_string()),
        1 => Just("00000000-0000-0000-0000-000000000000".to_string()),
        2 => any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop_oneof![Just(0.5), Just(-0.0), Just(1e308), Just(-1e308), Just(f64::MIN_POSITIVE), Just(9_007_199_254_740_993.0), Just(-1.5)]
            .prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop_oneof![Just(0i64), Just(-1), Just(1), Just(i64::MIN), Just(i64::MAX)].prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        3 => string().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            2 => prop::collection::vec((key(), inner), 0..10).prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

#[test]
fn arbitrary_json() {
    run("arbitrary_json", json(), |v| v.to_string().into_bytes());
}

// ---------- (c) mutated examples -----------------------------------------------------

#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Null(usize),
    Retype(usize),
    Wrap(usize),
    Add(usize, String, Value),
    Duplicate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Null),
        any::<usize>().prop_map(Mutation::Retype),
        any::<usize>().prop_map(Mutation::Wrap),
        (any::<usize>(), key(), json()).prop_map(|(i, k, v)| Mutation::Add(i, k, v)),
        any::<usize>().prop_map(Mutation::Duplicate),
    ]
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The node at pre-order index `i` (0 is the root).
fn node_mut<'a>(v: &'a mut Value, i: &mut usize) -> Option<&'a mut Value> {
    if *i == 0 {
        return Some(v);
    }
    *i -= 1;
    match v {
        Value::Array(items) => items.iter_mut().find_map(|c| node_mut(c, i)),
        Value::Object(members) => members.values_mut().find_map(|c| node_mut(c, i)),
        _ => None,
    }
}

fn apply_mutation(root: &mut Value, m: &Mutation) {
    let (Mutation::Replace(i, _) | Mutation::Remove(i) | Mutation::Null(i) | Mutation::Retype(i) | Mutation::Wrap(i) | Mutation::Add(i, ..) | Mutation::Duplicate(i)) = m;
    let mut index = i % count_nodes(root);
    let Some(node) = node_mut(root, &mut index) else { return };
    match m {
        Mutation::Replace(_, v) => *node = v.clone(),
        Mutation::Null(_) => *node = Value::Null,
        Mutation::Retype(_) => {
            *node = match node.take() {
                Value::String(s) => s.parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Bool(s.is_empty()), Value::Number),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => Value::from(u8::from(b)),
                Value::Null => Value::String(String::new()),
                Value::Array(items) => items.into_iter().next().unwrap_or(Value::Null),
                Value::Object(members) => Value::Array(members.into_iter().map(|(_, v)| v).collect()),
            }
        }
        Mutation::Wrap(_) => *node = Value::Array(vec![node.take()]),
        Mutation::Remove(_) => match node {
            Value::Object(members) if !members.is_empty() => {
                let k = members.keys().nth(*i % members.len()).cloned().unwrap_or_default();
                members.remove(&k);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(*i % items.len());
            }
            other => *other = Value::Object(Map::new()),
        },
        Mutation::Add(_, k, v) => match node {
            Value::Object(members) => {
                members.insert(k.clone(), v.clone());
            }
            Value::Array(items) => items.push(v.clone()),
            other => *other = Value::Object([(k.clone(), v.clone())].into_iter().collect()),
        },
        Mutation::Duplicate(_) => match node {
            Value::Array(items) if !items.is_empty() => {
                let copy = items[*i % items.len()].clone();
                items.push(copy);
            }
            other => *other = Value::Array(vec![other.clone(), other.clone()]),
        },
    }
}

fn seed_value() -> impl Strategy<Value = Value> {
    (0..targets::SEEDS.len()).prop_map(|i| serde_json::from_str(targets::SEEDS[i].1).expect("seeds are JSON"))
}

#[test]
fn mutated_examples() {
    let mutated = (seed_value(), prop::collection::vec(mutation(), 0..5)).prop_map(|(mut v, ms)| {
        ms.iter().for_each(|m| apply_mutation(&mut v, m));
        v
    });
    run("mutated_examples", mutated, |v| v.to_string().into_bytes());
}

/// The targets cover what they claim, and the seeds are what the spec shows: most
/// seeds decode into some model (a seed no model accepts would mean a mapping bug).
#[test]
fn targets_cover_every_model_and_operation() {
    let ops = epilot_portal_sdk::generated::operations::ALL;
    assert!(targets::MODELS.len() > 500);
    assert_eq!(targets::OPERATIONS.len(), ops.len());
    assert_eq!(targets::PAGED.len(), ops.iter().filter(|op| op.paging.is_some()).count());
    assert!(targets::SEEDS.len() > 100);
    let undecodable: Vec<&str> = targets::SEEDS.iter().filter(|(_, text)| feed(text.as_bytes()).unwrap_or(0) == 0).map(|(w, _)| *w).collect();
    assert!(undecodable.len() * 10 < targets::SEEDS.len(), "seeds no decoder accepts: {undecodable:?}");
}

/// By hand: the slowest decoders over the seed corpus (a union that retries its
/// branches badly would show here). `cargo test --release --test fuzz -- --ignored --nocapture`
#[test]
#[ignore]
fn slowest_decoders() {
    let mut times: Vec<(f64, &str)> = decoders()
        .map(|(name, decode)| {
            let started = Instant::now();
            for (_, seed) in targets::SEEDS {
                let _ = decode(seed.as_bytes());
            }
            (started.elapsed().as_secs_f64() * 1e6 / targets::SEEDS.len() as f64, *name)
        })
        .collect();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = times.iter().map(|t| t.0).sum();
    eprintln!("all {} decoders: {total:.0} µs per seed", times.len());
    for (us, name) in times.iter().take(15) {
        eprintln!("  {us:>10.1} µs  {name}");
    }
}
