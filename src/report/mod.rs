//! Output for readers: the analyst's report (assembly, Markdown, HTML), the sentences and
//! tables of the complementarity and fusion analyses, Markdown pipe tables and pretty JSON.
//! Renderers are pure functions from values to strings; [`crate::output`] decides where
//! bytes go. Escaping, CSV and number formats come from [`crate::text`].

pub mod analyst;
pub mod bottleneck_words;
pub mod claim_one;
pub mod claim_one_words;
pub mod claim_words;
pub mod complement;
pub mod framing;
pub mod fusion;
pub mod html;
pub mod markdown;
pub(crate) mod phrases;
pub mod shortlist_words;
pub mod summary;
pub mod table;
pub(crate) mod words;

/// Pretty JSON with a trailing newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serialising our own plain structs cannot fail (no maps with non-string keys).
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The analyst's report with what its renderers need besides the report value.
pub struct ReportInput<'a> {
    /// The report, as [`analyst::build`] assembles it.
    pub report: &'a analyst::Report,
    /// The model the report was built from (for stage labels).
    pub model: &'a crate::model::Model,
    /// Chain maps for the HTML page (ignored by Markdown).
    pub pictures: &'a [html::ChainPicture],
}

/// The report as Markdown.
pub struct Markdown;
/// The report as one self-contained HTML page.
pub struct Html;

impl crate::text::Writer<ReportInput<'_>> for Markdown {
    fn render(&self, input: &ReportInput<'_>) -> Vec<u8> {
        markdown::render(input.report, input.model).into_bytes()
    }
}

impl crate::text::Writer<ReportInput<'_>> for Html {
    fn render(&self, input: &ReportInput<'_>) -> Vec<u8> {
        html::render(input.report, input.model, input.pictures).into_bytes()
    }
}
