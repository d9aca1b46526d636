//! SRP-6a exactly as Amazon Cognito does it (`USER_SRP_AUTH` / `PASSWORD_VERIFIER`),
//! matching `amazon-cognito-identity-js`'s `AuthenticationHelper` byte for byte:
//!
//! * N = the RFC 5054 3072-bit prime, g = 2, k = H(PAD(N) | PAD(g))
//! * A = g^a mod N, u = H(PAD(A) | PAD(B))
//! * x = H(PAD(salt) | H(poolName | userId | ":" | password))
//! * S = (B - k·g^x)^(a + u·x) mod N
//! * key = HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key"), 16 bytes
//! * signature = Base64(HMAC-SHA256(key, poolName | userId | secretBlock | timestamp))
//!
//! where H is SHA-256 and PAD is the library's `padHex`: the big-endian magnitude,
//! with a leading 0x00 byte when its high bit is set (Java's `toByteArray`).
//! Pure maths, no I/O: the random `a` and the clock come from the caller, so every
//! step is checked natively against vectors from the JS library
//! (`tests/srp_vectors.rs`, `tests/cognito/srp-vectors.json`).
//!
//! The big integers are [`Big`] (the browser's `BigInt` in wasm, `num-bigint` natively),
//! the hashes RustCrypto's `sha2`, `hmac` and `hkdf`; nothing cryptographic is written
//! here by hand.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::bignum::Big;

use crate::error::{decimal, text, Error};

/// RFC 5054's 3072-bit group prime, as `AuthenticationHelper` spells it.
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// HKDF `info` of Cognito's password-verifier key.
const INFO: &[u8] = b"Caldera Derived Key";

/// Bytes of randomness for the private value `a` (1024 bits, as the JS library uses).
pub const SMALL_A_BYTES: usize = 128;

/// The group: N, g and k, computed once per handshake (cheap next to one modpow).
pub struct Group {
    n: Big,
    g: Big,
    k: Big,
}

impl Group {
    pub fn new() -> Group {
        let n = Big::from_bytes_be(&unhex(N_HEX).unwrap_or_default());
        let g = Big::from(2);
        let k = Big::from_bytes_be(&sha256(&[&pad(&n), &pad(&g)]));
        Group { n, g, k }
    }

    pub fn k(&self) -> &Big {
        &self.k
    }
}

impl Default for Group {
    fn default() -> Self {
        Group::new()
    }
}

/// `padHex` as bytes: the big-endian magnitude, with one leading zero byte when
/// the high bit of the first byte is set (zero is a single 0x00 byte).
pub fn pad(value: &Big) -> Vec<u8> {
    let bytes = value.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        let mut padded = Vec::with_capacity(bytes.len() + 1);
        padded.push(0);
        padded.extend_from_slice(&bytes);
        padded
    } else {
        bytes
    }
}

/// `padHex` as the lower-case hex string the JS library produces.
pub fn pad_hex(value: &Big) -> String {
    hex(&pad(value))
}

/// Hex text → bytes (an odd length gets a leading zero); `None` if not hex.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let text = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 2 + 1);
    let (first, rest) = text.split_at(text.len() % 2);
    if let Some(&c) = first.first() {
        out.push(digit(c)?);
    }
    for pair in rest.chunks(2) {
        out.push(digit(pair[0])? << 4 | digit(pair[1])?);
    }
    Some(out)
}

/// An integer as `BigInteger.toString(16)` writes it (lower case, no leading zeros).
pub fn to_hex(value: &Big) -> String {
    let h = hex(&value.to_bytes_be());
    match h.trim_start_matches('0') {
        "" => "0".to_string(),
        t => t.to_string(),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

/// A hex string from the server (SALT, SRP_B) as an integer.
pub fn parse_hex(what: &str, value: &str) -> Result<Big, Error> {
    let value = value.trim();
    match unhex(value).filter(|_| !value.is_empty()) {
        Some(bytes) => Ok(Big::from_bytes_be(&bytes)),
        None => Err(Error::decode(text(&["Cognito sent a ", what, " that is not hexadecimal"]))),
    }
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The client's side of one handshake: the private `a` and public `A`.
pub struct SrpClient {
    group: Group,
    small_a: Big,
    large_a: Big,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SrpClient(<redacted>)")
    }
}

impl SrpClient {
    /// From `a`'s random bytes (big-endian). Fails only if `A mod N` is 0, which the
    /// JS library rejects too (impossible for any `a` that is not a multiple of the group order).
    pub fn new(random_a: &[u8]) -> Result<SrpClient, Error> {
        let group = Group::new();
        let small_a = Big::from_bytes_be(random_a);
        let large_a = group.g.modpow(&small_a, &group.n);
        if large_a.is_zero() {
            return Err(Error::invalid_input("illegal SRP parameter: A mod N is 0; try again"));
        }
        Ok(SrpClient { group, small_a, large_a })
    }

    /// `SRP_A` for `InitiateAuth`: the hex of A (unpadded, as `largeAValue.toString(16)`).
    pub fn large_a_hex(&self) -> String {
        to_hex(&self.large_a)
    }

    pub fn large_a(&self) -> &Big {
        &self.large_a
    }

    /// u = H(PAD(A) | PAD(B)).
    pub fn u(&self, b: &Big) -> Big {
        Big::from_bytes_be(&sha256(&[&pad(&self.large_a), &pad(b)]))
    }

    /// The 16-byte HKDF key for the password claim (`getPasswordAuthenticationKey`).
    /// `user_id` is `USER_ID_FOR_SRP`, `pool_name` the part of the pool id after `_`.
    pub fn password_key(&self, pool_name: &str, user_id: &str, password: &str, b: &Big, salt: &Big) -> Result<[u8; 16], Error> {
        let n = &self.group.n;
        if b.rem(n).is_zero() {
            return Err(Error::decode("Cognito sent an illegal SRP_B (B mod N is 0)"));
        }
        let u = self.u(b);
        if u.is_zero() {
            return Err(Error::decode("illegal SRP parameter (u is 0)"));
        }
        let x = private_x(pool_name, user_id, password, salt);
        // (B - k·g^x) mod N, kept non-negative (jsbn's modPow reduces a negative base the same way):
        // (B mod N + (N - kv)) mod N, where kv < N.
        let kv = self.group.k.mul(&self.group.g.modpow(&x, n)).rem(n);
        let base = b.rem(n).add(&n.sub(&kv)).rem(n);
        let exponent = self.small_a.add(&u.mul(&x));
        let s = base.modpow(&exponent, n);
        let hk = hkdf::Hkdf::<Sha256>::new(Some(&pad(&u)), &pad(&s));
        let mut key = [0u8; 16];
        hk.expand(INFO, &mut key).map_err(|_| Error::decode("HKDF expansion failed"))?;
        Ok(key)
    }
}

/// x = H(PAD(salt) | H(realm | id | ":" | password)). The library hashes hex text decoded to
/// bytes: PAD(salt), then the identity hash.
fn private_x(realm: &str, id: &str, password: &str, salt: &Big) -> Big {
    let identity = sha256(&[realm.as_bytes(), id.as_bytes(), b":", password.as_bytes()]);
    Big::from_bytes_be(&sha256(&[&pad(salt), &identity]))
}

/// The verifier v = g^x mod N of a password: what `ConfirmDevice` registers for a remembered
/// device (realm = DeviceGroupKey, id = DeviceKey), as `generateHashDevice` computes it.
pub fn verifier(realm: &str, id: &str, password: &str, salt: &Big) -> Big {
    let group = Group::new();
    group.g.modpow(&private_x(realm, id, password, salt), &group.n)
}

/// `PASSWORD_CLAIM_SIGNATURE`: Base64(HMAC-SHA256(key, poolName | userId | secretBlock | timestamp)).
pub fn signature(key: &[u8; 16], pool_name: &str, user_id: &str, secret_block_b64: &str, timestamp: &str) -> Result<String, Error> {
    let secret_block = crate::b64::decode(secret_block_b64.trim()).ok_or_else(|| Error::decode("Cognito sent a SECRET_BLOCK that is not base64"))?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|_| Error::decode("bad HMAC key"))?;
    mac.update(pool_name.as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(&secret_block);
    mac.update(timestamp.as_bytes());
    Ok(crate::b64::encode(&mac.finalize().into_bytes()))
}

/// The timestamp Cognito signs, as `DateHelper.getNowString()` writes it:
/// `ddd MMM D HH:mm:ss UTC YYYY` in UTC, the day of month not zero-padded
/// (`Tue Sep 25 19:38:36 UTC 2018`, `Sun Mar 3 07:05:09 UTC 2024`).
pub fn timestamp(unix_ms: f64) -> String {
    const WEEK: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = (unix_ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    let two = |n: i64| if n < 10 { text(&["0", &decimal(n)]) } else { decimal(n) };
    let (hours, minutes, seconds) = (two(rem / 3600), two((rem % 3600) / 60), two(rem % 60));
    let (day, year) = (decimal(day.into()), decimal(year));
    text(&[WEEK[weekday], " ", MONTHS[(month - 1) as usize], " ", &day, " ", &hours, ":", &minutes, ":", &seconds, " UTC ", &year])
}

/// Days since 1970-01-01 → (year, month 1-12, day 1-31), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The pool name SRP hashes: the part of the pool id after the first `_`
/// (`eu-central-1_AbCdEf` → `AbCdEf`).
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id.split_once('_').map(|(_, name)| name).unwrap_or(user_pool_id)
}

/// Every intermediate value of one handshake, for checking against the JS library's
/// vectors (`tests/srp_vectors.rs`, and in the browser `tests/cognito.rs`).
#[doc(hidden)]
pub struct VectorCheck {
    pub k: String,
    pub srp_a: String,
    pub u: String,
    pub hkdf: String,
    pub timestamp: String,
    pub signature: String,
}

#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub fn check_vector(
    small_a_hex: &str,
    srp_b_hex: &str,
    salt_hex: &str,
    pool_name: &str,
    user_id: &str,
    password: &str,
    secret_block: &str,
    unix_ms: f64,
) -> Result<VectorCheck, Error> {
    let a = parse_hex("a", small_a_hex)?;
    let client = SrpClient::new(&a.to_bytes_be())?;
    let b = parse_hex("SRP_B", srp_b_hex)?;
    let salt = parse_hex("SALT", salt_hex)?;
    let key = client.password_key(pool_name, user_id, password, &b, &salt)?;
    let timestamp = timestamp(unix_ms);
    let signature = signature(&key, pool_name, user_id, secret_block, &timestamp)?;
    Ok(VectorCheck {
        k: to_hex(&client.group.k),
        srp_a: client.large_a_hex(),
        u: to_hex(&client.u(&b)),
        hkdf: hex(&key),
        timestamp,
        signature,
    })
}

/// Cryptographically strong random bytes from the browser (`crypto.getRandomValues`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn random_bytes(n: usize) -> Result<Vec<u8>, Error> {
    use wasm_bindgen::JsCast;
    let unavailable = || Error::new(crate::ErrorCode::InvalidInput, "crypto.getRandomValues is not available");
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).map_err(|_| unavailable())?;
    let get: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(unavailable)?;
    let array = js_sys::Uint8Array::new_with_length(n as u32);
    get.call1(&crypto, &array).map_err(|_| unavailable())?;
    let bytes = array.to_vec();
    if bytes.iter().all(|b| *b == 0) {
        return Err(unavailable());
    }
    Ok(bytes)
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn random_bytes(_n: usize) -> Result<Vec<u8>, Error> {
    Err(Error::new(crate::ErrorCode::InvalidInput, "sign-in is only available in a browser (wasm32) build"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_follows_pad_hex() {
        assert_eq!(pad_hex(&Big::from(20)), "14");
        assert_eq!(pad_hex(&Big::from(236)), "00ec");
        assert_eq!(pad_hex(&Big::from(200)), "00c8");
        assert_eq!(pad_hex(&Big::from(0x1234)), "1234");
        assert_eq!(pad_hex(&Big::from(0x123)), "0123");
        assert_eq!(pad_hex(&Big::from(0x8123)), "008123");
        assert_eq!(pad_hex(&Big::from(0)), "00");
    }

    #[test]
    fn k_is_the_cognito_constant() {
        // k = H(PAD(N) | PAD(g)): N has its high bit set, so PAD(N) starts with 00.
        let g = Group::new();
        assert_eq!(pad(&g.n).len(), 385);
        assert_eq!(to_hex(&g.k), "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6");
    }

    #[test]
    fn timestamps_match_date_helper() {
        // 2018-09-25T19:38:36Z
        assert_eq!(timestamp(1_537_904_316_000.0), "Tue Sep 25 19:38:36 UTC 2018");
        // 2024-03-03T07:05:09.999Z: day not padded, time padded, ms dropped.
        assert_eq!(timestamp(1_709_449_509_999.0), "Sun Mar 3 07:05:09 UTC 2024");
        assert_eq!(timestamp(0.0), "Thu Jan 1 00:00:00 UTC 1970");
        // leap day
        assert_eq!(timestamp(951_782_400_000.0), "Tue Feb 29 00:00:00 UTC 2000");
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(to_hex(&parse_hex("x", "00abc").unwrap()), "abc");
        assert_eq!(to_hex(&Big::from(0)), "0");
        assert_eq!(unhex("fff").unwrap(), vec![0x0f, 0xff]);
        assert!(unhex("0g").is_none());
    }

    #[test]
    fn pool_names() {
        assert_eq!(pool_name("eu-central-1_CUEQRNbUb"), "CUEQRNbUb");
        assert_eq!(pool_name("local_abc_def"), "abc_def");
    }

    #[test]
    fn bad_server_values_are_errors_not_panics() {
        assert!(parse_hex("SRP_B", "zz").is_err());
        assert!(parse_hex("SRP_B", "").is_err());
        let c = SrpClient::new(&[7u8; 16]).unwrap();
        let zero = Big::from(0);
        let n = Group::new().n;
        assert!(c.password_key("p", "u", "pw", &zero, &Big::from(1)).is_err());
        assert!(c.password_key("p", "u", "pw", &n, &Big::from(1)).is_err());
        assert!(signature(&[0; 16], "p", "u", "***not base64***", "t").is_err());
        assert!(format!("{c:?}").contains("redacted"));
    }
}
