//! The text of every file `import-io` writes: the four contract files, `report.toml` and
//! `import-log.md` (what was written, from what, in which unit, and every choice made:
//! placeholders, the size used, the links below the threshold, own use, and each template
//! edge dropped to keep the template acyclic with the cycle it would close).

use std::fmt::Write as _;

use super::{CHAIN, Conversion, Dataset, Inputs, LinkRole, TABLE_REGION};
use crate::model::Vocabulary;
use crate::text::csv::render;

/// The file name of the import log.
pub const LOG: &str = "import-log.md";

/// A file name without its folder, for citations.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The renderings of all files.
pub fn dataset(c: &Conversion, inputs: &Inputs<'_>) -> Dataset {
    let source = c
        .options
        .source
        .clone()
        .unwrap_or_else(|| format!("input-output table {}", file_name(inputs.z.name)));
    let unit = c.options.unit.as_deref();
    let stage = |s: usize| format!("{CHAIN}/{}", c.sectors[s]);

    let cities: Vec<Vec<String>> = c
        .regions
        .iter()
        .map(|r| {
            let country = c.options.country.clone().unwrap_or_else(|| r.clone());
            vec![
                r.clone(),
                String::new(),
                TABLE_REGION.to_string(),
                country,
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let chains: Vec<Vec<String>> = (0..c.sectors.len())
        .map(|s| {
            let inputs: Vec<&str> = c
                .template
                .inputs_of(s)
                .into_iter()
                .map(|u| c.sectors[u].as_str())
                .collect();
            vec![
                CHAIN.to_string(),
                c.sectors[s].clone(),
                c.sectors[s].clone(),
                c.tiers[s].as_str().to_string(),
                inputs.join(";"),
            ]
        })
        .collect();
    let size_note = match &inputs.gross_output {
        Some(x) if c.size_from_file => format!("revenue = gross output from {}", file_name(x.name)),
        _ => "revenue = column sum of Z (intermediate inputs)".to_string(),
    };
    let firms: Vec<Vec<String>> = c
        .matrix
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                l.text.clone(),
                format!("{} in {}", l.sector, l.region),
                l.region.clone(),
                "firm".to_string(),
                stage(c.sector_of[i]),
                String::new(),
                c.size[i].to_string(),
                format!("{source}; {size_note}"),
            ]
        })
        .collect();
    let links: Vec<Vec<String>> = c
        .links
        .iter()
        .map(|l| {
            vec![
                c.matrix.labels[l.from].text.clone(),
                c.matrix.labels[l.to].text.clone(),
                "supply".to_string(),
                stage(c.sector_of[l.from]),
                l.flow.to_string(),
                "documented".to_string(),
                format!(
                    "{source} (z = {}; {:.4} of the buyer's intermediate inputs)",
                    l.flow, l.share
                ),
            ]
        })
        .collect();

    let mut report =
        String::from("# Written by chainatlas import-io: report settings for this dataset.\n");
    let title = match &c.options.source {
        Some(s) => format!("Input-output table: {s}"),
        None => format!("Input-output table {}", file_name(inputs.z.name)),
    };
    let _ = writeln!(report, "title = {}", toml_string(&title));
    let _ = writeln!(report, "region = {}", toml_string(TABLE_REGION));
    if let [a, b, ..] = c.regions.as_slice() {
        let _ = writeln!(report, "pair = [{}, {}]", toml_string(a), toml_string(b));
    }
    if let Some(unit) = unit {
        let _ = writeln!(report, "unit = {}", toml_string(unit));
    }

    let kept = c
        .links
        .iter()
        .filter(|l| l.role == LinkRole::TemplateEdge)
        .count();
    let summary = format!(
        "{} actors in {} regions, {} sectors, {} supply links ({} on template edges), template {} edges ({} dropped to keep it acyclic, listed in {LOG})",
        c.matrix.len(),
        c.regions.len(),
        c.sectors.len(),
        c.links.len(),
        kept,
        c.template.kept.len(),
        c.template.dropped.len()
    );
    Dataset {
        files: vec![
            (
                "cities.csv",
                render(
                    &["city", "name_zh", "region", "country", "lat", "lon"],
                    &cities,
                ),
            ),
            (
                "chains.csv",
                render(&["chain", "stage", "label", "tier", "inputs"], &chains),
            ),
            (
                "firms.csv",
                render(
                    &[
                        "id",
                        "name",
                        "city",
                        "kind",
                        "stages",
                        "employees",
                        "revenue",
                        "source",
                    ],
                    &firms,
                ),
            ),
            (
                "links.csv",
                render(
                    &[
                        "source",
                        "target",
                        "layer",
                        "stage",
                        "weight",
                        "evidence",
                        "source_ref",
                    ],
                    &links,
                ),
            ),
            ("report.toml", report),
            (LOG, log(c, inputs, &source, &size_note)),
        ],
        summary,
    }
}

/// The import log (Markdown).
fn log(c: &Conversion, inputs: &Inputs<'_>, source: &str, size_note: &str) -> String {
    let t = c.options.threshold;
    let unit = c.options.unit.as_deref();
    let unit_words = unit.unwrap_or("not given (--unit)");
    let mut out = String::from("# Import log (chainatlas import-io)\n\n");
    let _ = writeln!(
        out,
        "- Flow matrix Z: {} ({} labels: {} regions × {} sectors; rows are suppliers, columns buyers)",
        inputs.z.name,
        c.matrix.len(),
        c.regions.len(),
        c.sectors.len()
    );
    let _ = writeln!(
        out,
        "- Unit of the table: {unit_words}. `weight` (links) and `revenue` (firms) hold the table's values in this unit, not CNY million; figures built on them are shares, so the unit cancels."
    );
    let _ = writeln!(
        out,
        "- Source (each row's `source` / `source_ref`, evidence `documented`): {source}"
    );
    let _ = writeln!(out, "- Threshold T = {t}");
    match &inputs.tiers {
        Some(f) => {
            let _ = writeln!(
                out,
                "- Tiers: from {}; sectors it does not name are `final_product`",
                f.name
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- Tiers: every sector is `final_product` (no --tiers file)"
            );
        }
    }

    out += "\n## What was written\n\n";
    let _ = writeln!(out, "- `cities.csv`: one city per region ({}), all in region `{TABLE_REGION}` (`--region {TABLE_REGION}` is the whole table). Country: {}. Coordinates: unknown (left empty).", c.regions.join(", "), match &c.options.country {
        Some(country) => format!("{country} for every region (--country)"),
        None => "a placeholder, the region's own label (each region counted as its own country, as in a multi-country table; give --country for regions of one country)".to_string(),
    });
    let _ = writeln!(
        out,
        "- `chains.csv`: chain `{CHAIN}`, one stage per sector ({}).",
        c.sectors.join(", ")
    );
    let _ = writeln!(
        out,
        "- `firms.csv`: one actor per label, id = the label, kind `firm`; {size_note}, in {unit_words}."
    );
    if !c.size_from_file {
        out += "  Column sums count intermediate inputs only (no value added): they understate output; give --gross-output for gross output.\n";
    }
    let _ = writeln!(
        out,
        "- `links.csv`: {} supply links i → j with z_ij > 0, i ≠ j and input share z_ij / Σ_i z_ij ≥ {t}; weight = z_ij.",
        c.links.len()
    );
    let _ = writeln!(
        out,
        "- Not written: {} flows with a share below {t}; {} own-use flows (i = j).",
        c.below_threshold, c.own_use
    );
    let no_inputs: Vec<&str> = c
        .column_sums
        .iter()
        .zip(&c.matrix.labels)
        .filter(|(s, _)| **s <= 0.0)
        .map(|(_, l)| l.text.as_str())
        .collect();
    if !no_inputs.is_empty() {
        let _ = writeln!(
            out,
            "- Labels with no intermediate input (column sum 0; no link into them): {}",
            no_inputs.join(", ")
        );
    }

    out += "\n## Template (sector inputs)\n\n";
    let _ = writeln!(
        out,
        "Sector coefficient a_IJ = flows from sector I (any region) to sector J (any region) ÷ all intermediate inputs of J. Candidate edges: I ≠ J with a_IJ ≥ {t}: {}. Taken strongest first (ties by supplier, then buyer, in table order); an edge is dropped when it would close a cycle with the edges already kept. Kept: {}; dropped: {}.",
        c.template.candidates,
        c.template.kept.len(),
        c.template.dropped.len()
    );
    if !c.template.dropped.is_empty() {
        out += "\n| dropped edge | a_IJ | cycle it would close |\n|---|---|---|\n";
        for d in &c.template.dropped {
            let path: Vec<&str> = d.path.iter().map(|&s| c.sectors[s].as_str()).collect();
            let _ = writeln!(
                out,
                "| {CHAIN}/{} → {CHAIN}/{} | {:.4} | {} → {} |",
                c.sectors[d.edge.from],
                c.sectors[d.edge.to],
                d.edge.coefficient,
                c.sectors[d.edge.from],
                path.join(" → ")
            );
        }
    }

    out += "\n## Links that count for nothing in closure\n\n";
    out += "A link whose sector pair is not a template edge is written (it is a flow of the table) but realises no template edge: closure and sourcing do not count it, as any link whose stage is no input of the buyer's stage.\n\n";
    let roles = [
        (
            LinkRole::TemplateEdge,
            "on a template edge (counted)".to_string(),
        ),
        (
            LinkRole::SameSector,
            "same sector, two regions (a template has no self-input)".to_string(),
        ),
        (
            LinkRole::BelowSectorThreshold,
            format!("sector pair below {t} at sector level"),
        ),
        (
            LinkRole::DroppedForCycle,
            "sector pair dropped to keep the template acyclic".to_string(),
        ),
    ];
    for (role, words) in roles {
        let n = c.links.iter().filter(|l| l.role == role).count();
        let _ = writeln!(out, "- {words}: {n}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
    }

    #[test]
    fn file_names_drop_the_folder() {
        assert_eq!(file_name("data/io/z.csv"), "z.csv");
        assert_eq!(file_name("z.csv"), "z.csv");
    }
}
