#!/usr/bin/env bash
# bench/tsify-probe.sh: what tsify's derive would print for the SDK's model shapes, with the
# tsify version and features pinned in Cargo.lock / Cargo.toml. Writes a scratch crate under
# target/tsify-probe (not part of the SDK, not a workspace member) and runs it natively.
# The README's "Design decisions" quotes its output.
#
# Usage: bash bench/tsify-probe.sh        (about 1 minute the first time on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
lock_version() { awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock; }
TSIFY="$(lock_version tsify)"
WBG="$(lock_version wasm-bindgen)"
FEATURES="$(sed -n 's/^tsify = .*features = \(\[[^]]*\]\).*/\1/p' Cargo.toml)"
[[ -n "$TSIFY" && -n "$WBG" && -n "$FEATURES" ]] || { echo "tsify-probe: tsify/wasm-bindgen not found in Cargo.lock / Cargo.toml" >&2; exit 1; }
DIR="$ROOT/target/tsify-probe"
mkdir -p "$DIR/src"
cat > "$DIR/Cargo.toml" <<TOML
[package]
name = "tsify-probe"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
wasm-bindgen = "=$WBG"
tsify = { version = "=$TSIFY", default-features = false, features = $FEATURES }
TOML
cat > "$DIR/src/main.rs" <<'RUST'
// What tsify's derive prints for the SDK's model shapes (open enums, nullable fields,
// undeclared members kept in `extra`). Not part of the SDK: a measurement.
#![allow(dead_code)]
use std::collections::BTreeMap;
use tsify::Tsify;

// (a) The open enum exactly as the generator defines it (src/model_support.rs `open_enum!`:
// plain variants + `Unknown(String)`, wire strings through hand-written Serialize/Deserialize).
#[derive(Tsify)]
pub enum Direction { FeedIn, FeedOut, Unknown(String) }
#[derive(Tsify)]
pub enum ReadingStatus { Valid, InValidation, Unknown(String) }

// (b) The best serde attributes can say: wire names on the variants, the catch-all untagged.
#[derive(Tsify, serde::Serialize, serde::Deserialize)]
pub enum DirectionAnnotated {
    #[serde(rename = "feed-in")]
    FeedIn,
    #[serde(rename = "feed-out")]
    FeedOut,
    #[serde(untagged)]
    Unknown(String),
}

// The generated model (src/generated/models.rs `MeterReading`), with the Tsify derive added.
#[derive(Tsify, serde::Serialize, serde::Deserialize)]
pub struct MeterReading {
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_by: Option<Option<String>>,
    pub meter_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<DirectionAnnotated>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn main() {
    println!("{}\n", env!("PROBE_VERSION"));
    println!("// (a) open enum as generated\n{}\n", <Direction as Tsify>::DECL);
    println!("{}\n", <ReadingStatus as Tsify>::DECL);
    println!("// (b) open enum with serde renames + #[serde(untagged)] catch-all\n{}\n", <DirectionAnnotated as Tsify>::DECL);
    println!("// MeterReading\n{}", <MeterReading as Tsify>::DECL);
}
RUST
cd "$DIR"
PROBE_VERSION="tsify $TSIFY, features $FEATURES" cargo run -q
