//! Writing the files: rows produced in parallel chunks and written in order, and the CSV
//! cell encoders (text, integers, fixed-point, ids). The files go into an
//! [`crate::output::OutputSet`], which swaps them in as one set.

use std::io::{self, Write};

use rayon::prelude::*;

/// Runs `f` on fixed chunks `[a, b)` of `0..total` in parallel and writes their bytes in
/// chunk order, a bounded batch at a time; returns the sum of `f`'s counts. The bytes do
/// not depend on the number of threads.
pub(super) fn emit_chunks<W, F>(w: &mut W, total: usize, chunk: usize, f: F) -> io::Result<u64>
where
    W: Write + ?Sized,
    F: Fn(usize, usize, &mut Vec<u8>) -> u64 + Sync,
{
    const BATCH: usize = 16;
    let chunks = total.div_ceil(chunk);
    let mut count = 0;
    let mut next = 0;
    while next < chunks {
        let end = (next + BATCH).min(chunks);
        let parts: Vec<(Vec<u8>, u64)> = (next..end)
            .into_par_iter()
            .map(|k| {
                let a = k * chunk;
                let b = (a + chunk).min(total);
                let mut buf = Vec::with_capacity(1 << 16);
                let n = f(a, b, &mut buf);
                (buf, n)
            })
            .collect();
        for (buf, n) in parts {
            w.write_all(&buf)?;
            count += n;
        }
        next = end;
    }
    Ok(count)
}

/// A CSV row: `cells` separated by commas, each as `push_text` writes it, then `\n`.
pub(super) fn push_row(buf: &mut Vec<u8>, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        push_text(buf, cell);
    }
    buf.push(b'\n');
}

/// A CSV cell, quoted when it holds a comma, quote, CR or LF (quotes doubled).
pub(super) fn push_text(buf: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        buf.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(text.as_bytes());
    }
}

pub(super) fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[k..]);
}

/// `v / 10^decimals` with exactly `decimals` digits after the point.
pub(super) fn push_fixed(buf: &mut Vec<u8>, v: u64, decimals: u32) {
    let scale = 10u64.pow(decimals);
    push_u64(buf, v / scale);
    buf.push(b'.');
    let frac = v % scale;
    let mut div = scale / 10;
    while div > 0 {
        buf.push(b'0' + ((frac / div) % 10) as u8);
        div /= 10;
    }
}

/// `F` + the 1-based index zero-padded to `width` digits.
pub(super) fn push_id(buf: &mut Vec<u8>, index: usize, width: usize) {
    let mut digits = [0u8; 24];
    let mut v = index as u64 + 1;
    let mut k = digits.len();
    while v > 0 || digits.len() - k < width {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    buf.push(b'F');
    buf.extend_from_slice(&digits[k..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_round_trips() {
        let mut buf = Vec::new();
        push_text(&mut buf, "Foshan \"Bright\", Ltd 佛山明亮");
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("\"Foshan \"\"Bright\"\", Ltd 佛山明亮\"")
        );
        let mut buf = Vec::new();
        push_fixed(&mut buf, 1205, 2);
        push_id(&mut buf, 0, 7);
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("12.05F0000001")
        );
    }
}
