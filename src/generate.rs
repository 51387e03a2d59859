//! STUB placeholder — helper-2 replaces this whole file with the real generator.
pub struct GenerateOptions {
    pub firms: usize,
    pub links_per_firm: f64,
    pub seed: u64,
}
pub struct GenerateSummary {
    pub cities: usize,
    pub chains: usize,
    pub stages: usize,
    pub firms: usize,
    pub links: usize,
}
pub fn write_dataset(
    _opts: &GenerateOptions,
    _dir: &std::path::Path,
) -> std::io::Result<GenerateSummary> {
    Err(std::io::Error::other("generator not yet written"))
}
