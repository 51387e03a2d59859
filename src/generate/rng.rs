//! Randomness and portable math: SplitMix64 streams keyed by (seed, purpose, index), and
//! `ln` / `exp` / `pow` from `+ − × ÷` only, so the bytes do not depend on the platform's
//! libm. The generator itself is [`crate::rng::SplitMix64`].

use crate::rng::{GOLDEN, SplitMix64, mix};

/// Stream purposes (`Rng::new`'s `tag`); the non-supply layers' tags are in `Layer::tag`.
pub(super) const TAG_CORE: u64 = 0x636f_7265_0000_0001;
pub(super) const TAG_ROW: u64 = 0x726f_7773_0000_0002;
pub(super) const TAG_SUPPLY: u64 = 0x7375_7070_6c79_0003;
pub(super) const TAG_FIX: u64 = 0x6669_7865_7300_0004;
pub(super) const TAG_GROUP: u64 = 0x6772_6f75_7000_0005;

/// SplitMix64 (Steele, Lea & Flood 2014): one stream per (seed, purpose, index).
pub(super) struct Rng(SplitMix64);

impl Rng {
    pub(super) fn new(seed: u64, tag: u64, index: u64) -> Rng {
        Rng(SplitMix64(
            mix(mix(seed).wrapping_add(tag)) ^ mix(index.wrapping_add(GOLDEN)),
        ))
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// Uniform in [0, 1).
    pub(super) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in (0, 1].
    pub(super) fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in `0..n` (n ≥ 1).
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Standard normal (Marsaglia polar method).
    pub(super) fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.f64() - 1.0;
            let v = 2.0 * self.f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }
}

const LN2: f64 = std::f64::consts::LN_2;

/// Natural logarithm from `+ − × ÷` only (|error| < 1e-15 relative), so results do not
/// depend on the platform's libm.
pub(super) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    if x < f64::MIN_POSITIVE {
        return ln(x * (1u64 << 54) as f64) - 54.0 * LN2;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f) = 2 (f + f³/3 + f⁵/5 + …), |f| ≤ 0.172.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let mut sum = 0.0;
    let mut k = 23.0;
    while k >= 1.0 {
        sum = sum * s + 1.0 / k;
        k -= 2.0;
    }
    e as f64 * LN2 + 2.0 * f * sum
}

/// e^x from `+ − × ÷` only.
pub(super) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x / LN2).round();
    let r = x - k * LN2;
    let mut sum = 1.0;
    let mut i = 16.0;
    while i >= 1.0 {
        sum = 1.0 + sum * r / i;
        i -= 1.0;
    }
    let k = k as i64;
    let half = k / 2;
    sum * pow2(half) * pow2(k - half)
}

fn pow2(k: i64) -> f64 {
    f64::from_bits(((k.clamp(-1022, 1023) + 1023) as u64) << 52)
}

pub(super) fn pow(x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    exp(y * ln(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_math_matches_std() {
        let mut rng = Rng::new(1, 2, 3);
        for _ in 0..10_000 {
            let x = rng.open01() * 1e6;
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-13 * x.ln().abs().max(1.0),
                "ln {x}"
            );
            let y = (rng.f64() - 0.5) * 60.0;
            assert!((exp(y) - y.exp()).abs() <= 1e-13 * y.exp(), "exp {y}");
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!((ln(1e-310) - 1e-310f64.ln()).abs() < 1e-10);
    }
}
