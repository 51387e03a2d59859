//! The one output format type of the CLI and the one path results take to stdout or a file.
//!
//! Every command takes `--format` as a [`Format`], restricted to the values it offers by
//! [`Format::parser`], so each `--help` lists exactly that command's values and default.
//! [`emit`] is where rendered bytes go: JSON gets its `schema_version` there (once for all
//! commands), then [`crate::output::emit`] writes stdout or `-o FILE`.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::error::Error;
use crate::output;

/// Version of the JSON outputs' fields; docs/cli.md keeps the changelog. It is the first
/// key of every JSON object the CLI prints.
pub const SCHEMA_VERSION: u32 = 2;

/// Every output format of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Table,
    Md,
    Json,
    Csv,
    Html,
    Dot,
    Svg,
    Graphml,
    Dataset,
}

impl Format {
    const ALL: [Format; 10] = [
        Format::Text,
        Format::Table,
        Format::Md,
        Format::Json,
        Format::Csv,
        Format::Html,
        Format::Dot,
        Format::Svg,
        Format::Graphml,
        Format::Dataset,
    ];

    /// The value as typed after `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Table => "table",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Graphml => "graphml",
            Format::Dataset => "dataset",
        }
    }

    /// The value with its `--help` note (only the formats that need one have one; each is
    /// offered by one command).
    fn possible_value(self) -> PossibleValue {
        let value = PossibleValue::new(self.as_str());
        match self {
            Format::Html => value
                .help("One self-contained page (inline CSS and SVG, nothing loaded from the network)"),
            Format::Dataset => value.help(
                "The data-contract files (cities, chains, firms, links; absences when there are any) of the filtered view, loadable again: into the folder given by -o",
            ),
            _ => value,
        }
    }

    /// A value parser accepting only `allowed` (in that order in `--help` and errors).
    pub fn parser(allowed: &'static [Format]) -> FormatParser {
        FormatParser(allowed)
    }

    /// A format this command's parser does not offer reached its renderer: a bug, reported
    /// as a usage error rather than a panic.
    pub fn unsupported(self) -> Error {
        Error::Usage(format!("--format {self} is not offered by this command"))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--format` restricted to some [`Format`]s.
#[derive(Debug, Clone, Copy)]
pub struct FormatParser(&'static [Format]);

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Format, clap::Error> {
        let names = PossibleValuesParser::new(self.0.iter().map(|f| f.possible_value()));
        let name = names.parse_ref(cmd, arg, value)?;
        Ok(Format::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .unwrap_or(self.0[0]))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|f| f.possible_value())))
    }
}

/// Writes a command's rendered output: JSON gains `"schema_version"` as its first key,
/// then the bytes go to stdout (`target` `None` or `-`) or to the file, written whole or not
/// at all and never over one of `inputs`.
pub fn emit(
    format: Format,
    bytes: Vec<u8>,
    target: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    let bytes = match format {
        Format::Json => with_schema_version(bytes),
        _ => bytes,
    };
    output::emit(&bytes, target, inputs)
}

/// Every JSON output is a pretty-printed object (`{` then a newline and keys indented by
/// two spaces, as `serde_json::to_string_pretty` and the node-link writer produce): the
/// version is inserted as its first key. Anything else is returned unchanged (the tests
/// check every command's JSON carries the key).
fn with_schema_version(bytes: Vec<u8>) -> Vec<u8> {
    let head = format!("{{\n  \"schema_version\": {SCHEMA_VERSION}");
    if let Some(rest) = bytes.strip_prefix(b"{\n") {
        let mut out = format!("{head},\n").into_bytes();
        out.extend_from_slice(rest);
        out
    } else if let Some(rest) = bytes.strip_prefix(b"{}") {
        let mut out = format!("{head}\n}}").into_bytes();
        out.extend_from_slice(rest);
        out
    } else {
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_is_the_first_key() {
        let v: serde_json::Value = serde_json::from_slice(&with_schema_version(
            b"{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}\n".to_vec(),
        ))
        .unwrap();
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        assert_eq!(v["a"], 1);
        let text = String::from_utf8(with_schema_version(b"{\n  \"a\": 1\n}\n".to_vec())).unwrap();
        assert_eq!(
            text,
            format!("{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"a\": 1\n}}\n")
        );
        let empty = String::from_utf8(with_schema_version(b"{}\n".to_vec())).unwrap();
        assert_eq!(
            empty,
            format!("{{\n  \"schema_version\": {SCHEMA_VERSION}\n}}\n")
        );
    }

    #[test]
    fn parser_offers_only_the_allowed_values() {
        let p = Format::parser(&[Format::Table, Format::Json]);
        let names: Vec<String> = p
            .possible_values()
            .unwrap()
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(names, ["table", "json"]);
        let cmd = clap::Command::new("t");
        assert_eq!(
            p.parse_ref(&cmd, None, OsStr::new("json")).unwrap(),
            Format::Json
        );
        assert!(p.parse_ref(&cmd, None, OsStr::new("csv")).is_err());
    }
}
