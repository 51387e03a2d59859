//! Will the dataset fit? An upper bound on the bytes `write_dataset` writes, from the row
//! formats of `firms` and `links`, compared with the free space of the target's
//! filesystem before anything is written.

use std::io;
use std::path::Path;

use super::GenerateOptions;

/// Bytes of a firms.csv row besides its id: name, name_zh, city, kind, stages, functions,
/// employees, revenue, `synthetic`, commas and quotes. The longest seen over 300 000 firms
/// is 228; `tests::rows_stay_within_the_space_bounds` checks every row of a sample.
pub(super) const FIRM_ROW_REST: u64 = 288;
/// Bytes of a links.csv row besides its two ids: layer, stage key, weight, year, evidence,
/// `source_ref`, commas. The longest seen over 3 million links is 80.
pub(super) const LINK_ROW_REST: u64 = 112;
/// cities.csv, chains.csv, the headers and the marker file, generously.
const FIXED_BYTES: u64 = 64 << 10;

/// An upper bound on the bytes of the four files: every firm row and every link row at its
/// longest, links at 105 % of `firms × links_per_firm` (the supply draws are random) plus
/// one per actor (the links added to isolated actors).
pub fn estimated_bytes(opts: &GenerateOptions) -> u64 {
    let id = opts.firms.to_string().len().max(7) as u64 + 1;
    let firms = opts.firms as u64;
    let links = (opts.firms as f64 * opts.links_per_firm * 1.05).ceil() as u64 + firms;
    FIXED_BYTES
        .saturating_add(firms.saturating_mul(id + FIRM_ROW_REST))
        .saturating_add(links.saturating_mul(2 * id + LINK_ROW_REST))
}

/// Free bytes for an unprivileged writer on the filesystem that would hold `dir` (its
/// nearest existing ancestor); `None` where unknown. `CHAINATLAS_TEST_FREE_BYTES` replaces
/// the answer — for tests only, so that a refusal does not depend on the machine's disk.
pub(super) fn free_bytes(dir: &Path) -> Option<u64> {
    if let Some(bytes) = std::env::var("CHAINATLAS_TEST_FREE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Some(bytes);
    }
    let absolute = std::path::absolute(dir).ok()?;
    let existing = absolute.ancestors().find(|p| p.exists())?;
    statvfs_free(existing)
}

#[cfg(unix)]
fn statvfs_free(path: &Path) -> Option<u64> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: `c` is a valid NUL-terminated path and `st` points to writable memory of the
    // right type; statvfs only reads the one and fills the other.
    let rc = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled `st`.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    Some(u64::from(st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

#[cfg(not(unix))]
fn statvfs_free(_: &Path) -> Option<u64> {
    None
}

/// Refuses, before anything is written, an output that would not fit on the disk.
pub(super) fn check(opts: &GenerateOptions, dir: &Path) -> io::Result<()> {
    let Some(free) = free_bytes(dir) else {
        return Ok(());
    };
    let needed = estimated_bytes(opts);
    if needed > free {
        return Err(io::Error::new(
            io::ErrorKind::StorageFull,
            format!(
                "the dataset would take up to {} ({} firms × {} links per firm) but its filesystem has only {} free; nothing was written",
                size(needed),
                opts.firms,
                opts.links_per_firm,
                size(free)
            ),
        ));
    }
    Ok(())
}

/// Bytes in MB (below 10 GB) or GB, rounded up.
fn size(bytes: u64) -> String {
    const MB: u64 = 1 << 20;
    if bytes < 10 << 30 {
        format!("{} MB", bytes.div_ceil(MB))
    } else {
        format!("{} GB", bytes.div_ceil(1 << 30))
    }
}
