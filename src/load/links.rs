//! links.csv: one row per directed relationship — `source`, `target`, `layer`, `stage`,
//! `weight`, `year`, `evidence`, `source_ref`, plus any extra columns (kept).
//!
//! A supply link's stage must be one its source produces; an empty stage is filled with the
//! source's only stage, and is an error when the source makes none or several.

use std::collections::{HashMap, HashSet};

use super::cells::{self, HintBudget, NON_NEGATIVE};
use super::problem::Problems;
use super::suggest::{hint, vocabulary_message};
use super::table::{Table, TableSpec};
use crate::model::{Evidence, Firm, FirmIdx, Layer, Link, Stage, StageIdx, Vocabulary};

pub const SPEC: TableSpec = TableSpec {
    required: &["source", "target", "layer", "evidence"],
    optional: &["stage", "weight", "year", "source_ref"],
    rows_required: false,
};

pub struct LinkRows {
    pub links: Vec<Link>,
    pub texts: Vec<String>,
    pub extra_columns: Vec<String>,
}

pub fn read(
    table: &Table<'_>,
    firms: &[Firm],
    rejected_firms: &HashSet<String>,
    stages: &[Stage],
    problems: &mut Problems,
) -> LinkRows {
    let tag = table.tag;
    let c = |name| table.col(name);
    let (c_source, c_target, c_layer, c_stage) = (c("source"), c("target"), c("layer"), c("stage"));
    let (c_weight, c_year, c_evidence, c_ref) =
        (c("weight"), c("year"), c("evidence"), c("source_ref"));
    let firm_index: HashMap<&str, FirmIdx> = firms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i as FirmIdx))
        .collect();
    let stage_index: HashMap<&str, StageIdx> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i as StageIdx))
        .collect();
    let mut text_index: HashMap<String, u32> = HashMap::new();
    let mut out = LinkRows {
        links: Vec::new(),
        texts: Vec::new(),
        extra_columns: table.extra_names(),
    };
    let mut firm_hints = [HintBudget::new(), HintBudget::new()];
    let mut stage_hints = HintBudget::new();
    table.rows(&SPEC, problems, |row, problems| {
        let mut ends = [None, None];
        for (i, (col, name)) in [(c_source, "source"), (c_target, "target")].into_iter().enumerate() {
            let Some(id) = cells::key(row, col, tag, name, problems) else {
                continue;
            };
            ends[i] = firm_index.get(id).copied();
            if ends[i].is_none() && !rejected_firms.contains(id) && !firms.is_empty() {
                let suggestion = if firm_hints[i].take() {
                    hint(id, firms.iter().map(|f| f.id.as_str()))
                } else {
                    String::new()
                };
                problems.error(
                    tag.at(row.line, name),
                    format!("unknown firm id {id:?} (not in firms.csv){suggestion}"),
                );
            }
        }
        let layer_text = row.cell(c_layer);
        let layer = Layer::parse(layer_text);
        if layer.is_none() {
            problems.error(
                tag.at(row.line, "layer"),
                vocabulary_message("layer", layer_text, &Layer::spellings()),
            );
        }
        let evidence_text = row.cell(c_evidence);
        let evidence = Evidence::parse(evidence_text);
        if evidence.is_none() {
            let msg = if evidence_text.is_empty() {
                format!(
                    "empty evidence; every link must say how it is known: one of {}",
                    Evidence::spellings().join(", ")
                )
            } else {
                vocabulary_message("evidence level", evidence_text, &Evidence::spellings())
            };
            problems.error(tag.at(row.line, "evidence"), msg);
        }
        let stage_text = row.cell(c_stage);
        let mut stage_ok = true;
        let mut stage = None;
        if !stage_text.is_empty() {
            stage = stage_index.get(stage_text).copied();
            if stage.is_none() && !stages.is_empty() {
                stage_ok = false;
                let suggestion = if stage_hints.take() {
                    hint(stage_text, stages.iter().map(|s| s.key.as_str()))
                } else {
                    String::new()
                };
                problems.error(
                    tag.at(row.line, "stage"),
                    format!("unknown stage {stage_text:?} (not in chains.csv){suggestion}"),
                );
            }
        }
        let weight = cells::number(row, c_weight, tag, "weight", NON_NEGATIVE, problems);
        let weight_ok = row.cell(c_weight).is_empty() || weight.is_some();
        let year = cells::integer(row, c_year, tag, "year", problems);
        let year_ok = row.cell(c_year).is_empty() || year.is_some();

        let ([Some(source), Some(target)], Some(layer), Some(evidence)) = (ends, layer, evidence)
        else {
            return;
        };
        if source == target {
            problems.error(
                tag.row(row.line),
                format!(
                    "self-loop: firm {:?} links to itself",
                    firms[source as usize].id
                ),
            );
            return;
        }
        if !(stage_ok && weight_ok && year_ok) {
            return;
        }
        if layer == Layer::Supply {
            let supplier = &firms[source as usize];
            match stage {
                Some(s) if !supplier.produces(s) => {
                    problems.error(
                        tag.at(row.line, "stage"),
                        format!(
                            "supply link of stage {:?} from firm {:?}, which does not produce it (it produces: {})",
                            stages[s as usize].key,
                            supplier.id,
                            produced_list(supplier, stages)
                        ),
                    );
                    return;
                }
                Some(_) => {}
                None => match supplier.stages.as_slice() {
                    [only] => stage = Some(*only),
                    [] => {
                        problems.error(
                            tag.at(row.line, "stage"),
                            format!(
                                "supply link from firm {:?}, which produces no stage; give the firm its stages in firms.csv or use another layer",
                                supplier.id
                            ),
                        );
                        return;
                    }
                    _ => {
                        problems.error(
                            tag.at(row.line, "stage"),
                            format!(
                                "ambiguous supply link: firm {:?} produces several stages ({}); say which one flows",
                                supplier.id,
                                produced_list(supplier, stages)
                            ),
                        );
                        return;
                    }
                },
            }
        }
        let reference = row.cell(c_ref);
        // Look up before inserting: most references repeat, and `entry` would allocate a
        // key for every row.
        let source_ref = match text_index.get(reference) {
            Some(&i) => i,
            None => {
                let i = out.texts.len() as u32;
                out.texts.push(reference.to_string());
                text_index.insert(reference.to_string(), i);
                i
            }
        };
        out.links.push(Link {
            source,
            target,
            layer,
            stage,
            weight,
            year,
            evidence,
            source_ref,
            extra: table.extra_values(row),
        });
    });
    out
}

fn produced_list(firm: &Firm, stages: &[Stage]) -> String {
    if firm.stages.is_empty() {
        return "nothing".into();
    }
    firm.stages
        .iter()
        .map(|&s| stages[s as usize].key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
