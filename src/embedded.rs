//! The GBA dataset compiled into the binary, so it loads with no dataset folder, from any
//! directory ([`DatasetSource::Embedded`](crate::load::DatasetSource::Embedded)). The files
//! are `datasets/gba/*.csv` at build time (the four required files, absences.csv and report.toml, the
//! 2020 article's title, claims, region and city pair).

/// How the embedded dataset is named in messages and reports.
pub const NAME: &str = "embedded:gba";

const CITIES: &[u8] = include_bytes!("../datasets/gba/cities.csv");
const CHAINS: &[u8] = include_bytes!("../datasets/gba/chains.csv");
const FIRMS: &[u8] = include_bytes!("../datasets/gba/firms.csv");
const LINKS: &[u8] = include_bytes!("../datasets/gba/links.csv");
const ABSENCES: &[u8] = include_bytes!("../datasets/gba/absences.csv");
const REPORT_TOML: &[u8] = include_bytes!("../datasets/gba/report.toml");

/// The bytes of one embedded file by its name (`links.csv`).
pub fn file(name: &str) -> Option<&'static [u8]> {
    match name {
        "cities.csv" => Some(CITIES),
        "chains.csv" => Some(CHAINS),
        "firms.csv" => Some(FIRMS),
        "links.csv" => Some(LINKS),
        "absences.csv" => Some(ABSENCES),
        "report.toml" => Some(REPORT_TOML),
        _ => None,
    }
}
