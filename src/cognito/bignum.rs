//! Unsigned big integers for SRP ([`super::srp`]): big-endian bytes in and out, and the few
//! operations SRP-6a needs. In the browser they are the engine's own `BigInt` (`bigint.js`,
//! square-and-multiply for the exponentiation), which keeps a big-integer crate out of the wasm;
//! natively `num-bigint`. Both give the same bytes (tests/srp_vectors.rs natively, the same
//! vectors in the browser in tests/cognito.rs).

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/cognito/bigint.js")]
    extern "C" {
        #[wasm_bindgen(js_name = fromHex)]
        pub fn from_hex(hex: &str) -> JsValue;
        #[wasm_bindgen(js_name = toHex)]
        pub fn to_hex(v: &JsValue) -> String;
        pub fn add(a: &JsValue, b: &JsValue) -> JsValue;
        pub fn sub(a: &JsValue, b: &JsValue) -> JsValue;
        pub fn mul(a: &JsValue, b: &JsValue) -> JsValue;
        pub fn rem(a: &JsValue, b: &JsValue) -> JsValue;
        #[wasm_bindgen(js_name = isZero)]
        pub fn is_zero(v: &JsValue) -> bool;
        #[wasm_bindgen(js_name = modPow)]
        pub fn mod_pow(base: &JsValue, exp: &JsValue, m: &JsValue) -> JsValue;
    }
}

/// An unsigned big integer.
#[derive(Clone)]
pub struct Big(
    #[cfg(target_arch = "wasm32")] wasm_bindgen::JsValue,
    #[cfg(not(target_arch = "wasm32"))] num_bigint::BigUint,
);

#[cfg(target_arch = "wasm32")]
impl Big {
    pub fn from_bytes_be(bytes: &[u8]) -> Big {
        Big(imp::from_hex(&super::srp::hex(bytes)))
    }
    /// Big-endian magnitude without leading zeros (zero is one 0x00 byte).
    pub fn to_bytes_be(&self) -> Vec<u8> {
        super::srp::unhex(&imp::to_hex(&self.0)).unwrap_or_else(|| vec![0])
    }
    pub fn is_zero(&self) -> bool {
        imp::is_zero(&self.0)
    }
    pub fn add(&self, other: &Big) -> Big {
        Big(imp::add(&self.0, &other.0))
    }
    /// `self - other` (other ≤ self).
    pub fn sub(&self, other: &Big) -> Big {
        Big(imp::sub(&self.0, &other.0))
    }
    pub fn mul(&self, other: &Big) -> Big {
        Big(imp::mul(&self.0, &other.0))
    }
    /// `self mod m` (m not zero).
    pub fn rem(&self, m: &Big) -> Big {
        Big(imp::rem(&self.0, &m.0))
    }
    /// `self^exp mod m` (m > 1).
    pub fn modpow(&self, exp: &Big, m: &Big) -> Big {
        Big(imp::mod_pow(&self.0, &exp.0, &m.0))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Big {
    pub fn from_bytes_be(bytes: &[u8]) -> Big {
        Big(num_bigint::BigUint::from_bytes_be(bytes))
    }
    /// Big-endian magnitude without leading zeros (zero is one 0x00 byte).
    pub fn to_bytes_be(&self) -> Vec<u8> {
        self.0.to_bytes_be()
    }
    pub fn is_zero(&self) -> bool {
        self.0 == num_bigint::BigUint::default()
    }
    pub fn add(&self, other: &Big) -> Big {
        Big(&self.0 + &other.0)
    }
    /// `self - other` (other ≤ self).
    pub fn sub(&self, other: &Big) -> Big {
        Big(&self.0 - &other.0)
    }
    pub fn mul(&self, other: &Big) -> Big {
        Big(&self.0 * &other.0)
    }
    /// `self mod m` (m not zero).
    pub fn rem(&self, m: &Big) -> Big {
        Big(&self.0 % &m.0)
    }
    /// `self^exp mod m` (m > 1).
    pub fn modpow(&self, exp: &Big, m: &Big) -> Big {
        Big(self.0.modpow(&exp.0, &m.0))
    }
}

impl PartialEq for Big {
    fn eq(&self, other: &Big) -> bool {
        self.to_bytes_be() == other.to_bytes_be()
    }
}

impl From<u32> for Big {
    fn from(v: u32) -> Big {
        Big::from_bytes_be(&v.to_be_bytes())
    }
}
