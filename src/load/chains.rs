//! chains.csv: one row per template stage — `chain`, `stage`, `label`, `tier`, `inputs`.
//!
//! `inputs` is an AND of OR-groups (`a|b;c` = (a or b) and c) of stages of the same chain,
//! written bare (`anode`) or qualified with the row's own chain (`nev/anode`). After all
//! rows are read, inputs are resolved and every chain is checked for cycles; each cycle is
//! reported once, naming its stages in order.

use std::collections::HashMap;

use super::cells;
use super::problem::{Among, FileTag, Problems};
use super::table::{Table, TableSpec};
use crate::model::{Chain, ChainIdx, Stage, StageIdx, Tier, Vocabulary};
use crate::text::suggest::{hint, vocabulary_message};

pub const SPEC: TableSpec = TableSpec {
    required: &["chain", "stage", "tier", "inputs"],
    optional: &["label"],
    rows_required: true,
};

/// Characters that have a meaning in list cells and so cannot be part of an id.
const RESERVED: &[char] = &['/', '|', ';'];

struct StageRow {
    line: u64,
    inputs: String,
}

/// Chains, stages, and the line each stage was read from.
pub fn read(table: &Table<'_>, problems: &mut Problems) -> (Vec<Chain>, Vec<Stage>, Vec<u64>) {
    let tag = table.tag;
    let (c_chain, c_stage, c_tier, c_inputs, c_label) = (
        table.col("chain"),
        table.col("stage"),
        table.col("tier"),
        table.col("inputs"),
        table.col("label"),
    );
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_index: HashMap<String, ChainIdx> = HashMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut rows: Vec<StageRow> = Vec::new();
    let mut stage_index: HashMap<String, (StageIdx, u64)> = HashMap::new();
    table.rows(&SPEC, problems, |row, problems| {
        let chain = cells::key(row, c_chain, tag, "chain", problems);
        let stage = cells::key(row, c_stage, tag, "stage", problems);
        let tier_text = row.cell(c_tier);
        let tier = Tier::parse(tier_text);
        if tier.is_none() {
            problems.error(
                tag.at(row.line(), "tier"),
                vocabulary_message("tier", tier_text, &Tier::spellings()),
            );
        }
        let (Some(chain), Some(stage)) = (chain, stage) else {
            return;
        };
        // A bad tier is already an error (no model will be built); keep the stage so that
        // firms and links naming it are not reported again as "unknown stage".
        let tier = tier.unwrap_or(Tier::RawMaterial);
        let mut ok = true;
        for (name, value) in [("chain", chain), ("stage", stage)] {
            if value.contains(RESERVED) {
                problems.error(
                    tag.at(row.line(), name),
                    format!("{value:?} contains '/', '|' or ';', which separate list items"),
                );
                ok = false;
            }
        }
        if !ok {
            return;
        }
        let key = format!("{chain}/{stage}");
        if let Some((_, first)) = stage_index.get(&key) {
            problems.error(
                tag.at(row.line(), "stage"),
                format!("duplicate stage {key:?} (first on line {first})"),
            );
            return;
        }
        let chain_idx = *chain_index.entry(chain.to_string()).or_insert_with(|| {
            chains.push(Chain {
                id: chain.to_string(),
                stages: Vec::new(),
            });
            (chains.len() - 1) as ChainIdx
        });
        let idx = stages.len() as StageIdx;
        chains[chain_idx as usize].stages.push(idx);
        stage_index.insert(key.clone(), (idx, row.line()));
        stages.push(Stage {
            chain: chain_idx,
            id: stage.to_string(),
            key,
            label: row.cell(c_label).to_string(),
            tier,
            inputs: Vec::new(),
            extra: table.extra_values(row),
        });
        rows.push(StageRow {
            line: row.line(),
            inputs: row.cell(c_inputs).to_string(),
        });
    });

    for (idx, row) in rows.iter().enumerate() {
        let inputs = resolve_inputs(tag, row, &stages[idx], &chains, &stage_index, problems);
        if stages[idx].tier == Tier::RawMaterial && !inputs.is_empty() {
            problems.warning(
                tag.at(row.line, "inputs"),
                "a raw_material stage has inputs; raw materials are normally the start of a chain",
            );
        }
        stages[idx].inputs = inputs;
    }
    problems.resolve_hints(tag.rank, |_, key| {
        // `key` is chain/stage: the nearest stage of the same chain.
        let (chain, item_stage) = key.split_once('/').unwrap_or(("", key));
        let prefix = format!("{chain}/");
        hint(
            item_stage,
            stage_index
                .keys()
                .filter_map(|k| k.strip_prefix(prefix.as_str())),
        )
    });
    let flat_inputs: Vec<Vec<StageIdx>> = stages
        .iter()
        .map(|s| s.inputs.iter().flatten().copied().collect())
        .collect();
    for chain in &chains {
        report_cycles(tag, chain, &stages, &flat_inputs, &rows, problems);
        if !chain
            .stages
            .iter()
            .any(|&s| stages[s as usize].tier == Tier::FinalProduct)
        {
            problems.warning(
                tag.at(rows[chain.stages[0] as usize].line, "tier"),
                format!(
                    "chain {:?} has no final_product stage: the chain can never be called complete; its verdict is not_applicable",
                    chain.id
                ),
            );
        }
    }
    let lines = rows.iter().map(|r| r.line).collect();
    (chains, stages, lines)
}

fn resolve_inputs(
    tag: &FileTag,
    row: &StageRow,
    stage: &Stage,
    chains: &[Chain],
    stage_index: &HashMap<String, (StageIdx, u64)>,
    problems: &mut Problems,
) -> Vec<Vec<StageIdx>> {
    let chain = &chains[stage.chain as usize].id;
    let place = tag.at(row.line, "inputs");
    let mut groups = Vec::new();
    for group_text in cells::list(&row.inputs) {
        let mut group: Vec<StageIdx> = Vec::new();
        for item in group_text
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let (item_chain, item_stage) = match item.split_once('/') {
                Some((c, s)) => (c, s),
                None => (chain.as_str(), item),
            };
            if item_chain != chain {
                problems.error(
                    place,
                    format!(
                        "input {item:?} names a stage of chain {item_chain:?}; inputs must be stages of the same chain {chain:?}"
                    ),
                );
                continue;
            }
            match stage_index.get(&format!("{chain}/{item_stage}")) {
                Some(&(idx, _)) => {
                    if !group.contains(&idx) {
                        group.push(idx);
                    }
                }
                None if cells::control_char(item).is_some() => {
                    if let Some(message) = cells::control_message(item) {
                        problems.error(place, message);
                    }
                }
                None => problems.error_hinted(
                    place,
                    format!("unknown stage {item_stage:?} in chain {chain:?}"),
                    "",
                    Among::ChainStage,
                    &format!("{chain}/{item_stage}"),
                ),
            }
        }
        if !group.is_empty() {
            groups.push(group);
        }
    }
    groups
}

/// Depth-first search over input edges (stage → input). A back edge closes a cycle; each
/// cycle is reported at the line of its earliest stage, naming every stage on it.
fn report_cycles(
    tag: &FileTag,
    chain: &Chain,
    stages: &[Stage],
    flat_inputs: &[Vec<StageIdx>],
    rows: &[StageRow],
    problems: &mut Problems,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark: HashMap<StageIdx, Mark> = chain.stages.iter().map(|&s| (s, Mark::New)).collect();
    for &start in &chain.stages {
        if mark[&start] != Mark::New {
            continue;
        }
        // Explicit stack of (stage, next input position) so deep templates cannot overflow.
        let mut path: Vec<(StageIdx, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::OnPath);
        while let Some(&mut (stage, ref mut next)) = path.last_mut() {
            if let Some(&input) = flat_inputs[stage as usize].get(*next) {
                *next += 1;
                match mark.get(&input).copied().unwrap_or(Mark::Done) {
                    Mark::New => {
                        mark.insert(input, Mark::OnPath);
                        path.push((input, 0));
                    }
                    Mark::OnPath => {
                        let from = path.iter().position(|&(s, _)| s == input).unwrap_or(0);
                        let cycle: Vec<StageIdx> = path[from..].iter().map(|&(s, _)| s).collect();
                        let first = cycle
                            .iter()
                            .copied()
                            .min_by_key(|&s| rows[s as usize].line)
                            .unwrap_or(input);
                        let mut names: Vec<&str> = cycle
                            .iter()
                            .map(|&s| stages[s as usize].id.as_str())
                            .collect();
                        names.push(stages[input as usize].id.as_str());
                        problems.error(
                            tag.at(rows[first as usize].line, "inputs"),
                            format!(
                                "chain {:?} has a cycle: {} (each stage needs the next as an input; a template must be acyclic)",
                                chain.id,
                                names.join(" → ")
                            ),
                        );
                    }
                    Mark::Done => {}
                }
            } else {
                mark.insert(stage, Mark::Done);
                path.pop();
            }
        }
    }
}

/// The suggestion for an unknown stage named in a firm's `stages` or an absence's `stage`:
/// the nearest `chain/stage`, or for a bare stage id the qualified names that end with it.
pub(super) fn stage_suggestion(item: &str, stages: &[Stage]) -> String {
    if item.contains('/') {
        return hint(item, stages.iter().map(|s| s.key.as_str()));
    }
    let matches: Vec<&str> = stages
        .iter()
        .filter(|s| s.id == item)
        .map(|s| s.key.as_str())
        .collect();
    if matches.is_empty() {
        hint(item, stages.iter().map(|s| s.id.as_str()))
    } else {
        format!("; stages are written chain/stage: {}", matches.join(" or "))
    }
}
