//! Base64 (RFC 4648 §4, and §5's URL alphabet) for the few values the SDK encodes and decodes:
//! JWT payloads (a session's claims), and in sign-in SRP's `SECRET_BLOCK` and claim signature,
//! device verifiers and passwords. A small codec of its own: the base64 crate was 4.5 KB of the
//! sign-in module's `.wasm` for these uses.

#[cfg(any(test, feature = "sign-in"))]
const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard alphabet, padded with `=`.
#[cfg(any(test, feature = "sign-in"))]
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// URL alphabet, no padding (a JWT's parts).
#[cfg(test)]
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL, false)
}

/// Standard alphabet, padded; `None` for anything else (a wrong character, length or
/// padding, or bits after the last byte).
#[cfg(any(test, feature = "sign-in"))]
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    decode_with(bytes.get(..bytes.len() - padding)?, STANDARD)
}

/// URL alphabet, unpadded (a JWT's parts).
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    decode_with(text.as_bytes(), URL)
}

#[cfg(any(test, feature = "sign-in"))]
fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[(n >> (18 - 6 * i)) as usize & 63]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Unpadded text in `alphabet`.
fn decode_with(text: &[u8], alphabet: &[u8; 64]) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let value = alphabet.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // the bits after the last byte must be zero (one text per value)
    (acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors() {
        for (plain, coded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()), "{coded}");
            assert_eq!(encode_url(plain.as_bytes()), coded.trim_end_matches('='));
            assert_eq!(decode_url(coded.trim_end_matches('=')).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn both_alphabets_and_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)), Some(all.clone()));
        assert_eq!(decode_url(&encode_url(&all)), Some(all.clone()));
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["Zg=", "Zg", "Z===", "Zh==", "Zm9v!", "Zm=v", "-_8=", "Zm9vYmFy=", "===="] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        for bad in ["Zg==", "Zh", "+/8", "Z", "Zm9v Zg"] {
            assert_eq!(decode_url(bad), None, "{bad}");
        }
    }
}
