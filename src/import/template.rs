//! The chain template `import` writes to chains.csv — from `--chains` (a table in the
//! contract's columns or their Chinese names) or else from the map's `[[stage]]` entries —
//! and the [`StageBook`] that resolves stage cells (`chain/stage`, a bare stage id, a
//! label or a keyword) to `chain/stage`.

use std::collections::BTreeMap;

use super::Context;
use super::columns::{TableKind, require};
use super::mapfile::StageRule;
use super::words;
use crate::model::Vocabulary;

/// One row of chains.csv.
#[derive(Debug, Clone)]
pub struct StageRow {
    /// Chain id.
    pub chain: String,
    /// Stage id.
    pub stage: String,
    /// Label (may be empty).
    pub label: String,
    /// Tier, in the contract's spelling.
    pub tier: String,
    /// Inputs, as in chains.csv.
    pub inputs: String,
}

impl StageRow {
    /// `chain/stage`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.chain, self.stage)
    }
}

/// The template's stages and the ways a cell may name them.
#[derive(Debug, Default)]
pub struct StageBook {
    /// The stages, in order.
    pub rows: Vec<StageRow>,
    /// `chain/stage` → index.
    by_name: BTreeMap<String, usize>,
    /// Bare stage id, label or keyword → indices.
    by_alias: BTreeMap<String, Vec<usize>>,
    /// Where the template came from, for the log.
    pub origin: String,
}

impl StageBook {
    fn add(&mut self, row: StageRow) {
        let index = self.rows.len();
        self.by_name.insert(row.name(), index);
        for alias in [row.stage.clone(), row.label.clone()] {
            self.alias(alias, index);
        }
        self.rows.push(row);
    }

    fn alias(&mut self, alias: String, index: usize) {
        if alias.is_empty() {
            return;
        }
        let slot = self.by_alias.entry(alias).or_default();
        if !slot.contains(&index) {
            slot.push(index);
        }
    }

    /// The index of `chain/stage`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// A stage cell item as `chain/stage`: a `chain/stage` of the template, or a bare stage
    /// id, label or keyword naming exactly one stage.
    pub fn resolve(&self, item: &str) -> Result<String, String> {
        if item.contains('/') {
            return match self.by_name.contains_key(item) {
                true => Ok(item.to_string()),
                false => Err(format!(
                    "unknown stage {item:?} (not in the chain template {})",
                    self.origin
                )),
            };
        }
        match self.by_alias.get(item).map(Vec::as_slice) {
            Some([one]) => Ok(self.rows[*one].name()),
            Some(many) => {
                let names: Vec<String> = many.iter().map(|&i| self.rows[i].name()).collect();
                Err(format!(
                    "{item:?} names several stages ({}); write chain/stage",
                    names.join(", ")
                ))
            }
            None => Err(format!(
                "unknown stage {item:?}: not a stage id, label or keyword of the chain template {}",
                self.origin
            )),
        }
    }
}

/// Builds the template: from `--chains` when given, else from the map's rules. Problems go
/// to the context; the book may be empty after errors.
pub fn build(ctx: &mut Context) -> StageBook {
    let mut book = StageBook::default();
    let rules = std::mem::take(&mut ctx.map.stage);
    if let Some(path) = ctx.inputs.chains.clone() {
        book.origin = format!("from {}", path.display());
        read_chains(ctx, &path, &mut book);
        for rule in &rules {
            if book.index(&rule.name()).is_none() {
                ctx.problems.error(
                    &ctx.map_label(),
                    None,
                    None,
                    format!(
                        "[[stage]] {} is not a stage of {}",
                        rule.name(),
                        path.display()
                    ),
                );
            }
        }
    } else {
        book.origin = format!("from the map's [[stage]] entries ({})", ctx.map_label());
        for rule in &rules {
            if book.by_name.contains_key(&rule.name()) {
                ctx.problems.error(
                    &ctx.map_label(),
                    None,
                    None,
                    format!(
                        "[[stage]] {} is given twice; put all its keywords and codes in one entry",
                        rule.name()
                    ),
                );
            } else if let Some(row) = row_from_rule(ctx, rule) {
                book.add(row);
            }
        }
        if rules.is_empty() && !ctx.problems.has_errors() {
            ctx.problems.error(
                &ctx.inputs.firms.display().to_string(),
                None,
                None,
                "no chain template: give a chain template file, or [[stage]] entries (chain, stage, tier, keywords …) in a map file",
            );
        }
    }
    for rule in &rules {
        if let Some(stage) = book.index(&rule.name()) {
            for keyword in &rule.keywords {
                book.alias(keyword.clone(), stage);
            }
        }
    }
    ctx.map.stage = rules;
    book
}

fn row_from_rule(ctx: &mut Context, rule: &StageRule) -> Option<StageRow> {
    let map = ctx.map_label();
    for (what, id) in [("chain", &rule.chain), ("stage", &rule.stage)] {
        if id.trim().is_empty() || id.contains(['/', '|', ';']) {
            ctx.problems.error(
                &map,
                None,
                None,
                format!("[[stage]] {what} {id:?} must be non-empty and hold no '/', '|' or ';'"),
            );
            return None;
        }
    }
    let tier = match rule.tier.as_deref().map(words::tier) {
        Some(Ok(t)) => t.as_str().to_string(),
        Some(Err(e)) => {
            ctx.problems
                .error(&map, None, None, format!("[[stage]] {}: {e}", rule.name()));
            return None;
        }
        None => {
            ctx.problems.error(
                &map,
                None,
                None,
                format!(
                    "[[stage]] {} has no tier; without a chain template file the map's stages make chains.csv, so each needs tier = \"raw_material\" … \"final_product\"",
                    rule.name()
                ),
            );
            return None;
        }
    };
    Some(StageRow {
        chain: rule.chain.trim().to_string(),
        stage: rule.stage.trim().to_string(),
        label: rule.label.clone().unwrap_or_default(),
        tier,
        inputs: rule.inputs.clone().unwrap_or_default(),
    })
}

fn read_chains(ctx: &mut Context, path: &std::path::Path, book: &mut StageBook) {
    let Some((table, columns)) = ctx.read_table(TableKind::Chains, path) else {
        return;
    };
    require(
        TableKind::Chains,
        &table,
        &columns,
        &["chain", "stage", "tier"],
        &mut ctx.problems,
    );
    if ctx.problems.has_errors() {
        return;
    }
    let mut first_row: BTreeMap<String, u64> = BTreeMap::new();
    for row in &table.rows {
        let cell = |f: &str| columns.cell(&row.cells, f).to_string();
        let (chain, stage) = (cell("chain"), cell("stage"));
        let mut ok = true;
        for (field, id) in [("chain", &chain), ("stage", &stage)] {
            if id.is_empty() || id.contains(['/', '|', ';']) {
                ctx.problems.error(
                    &table.file,
                    Some(row.number),
                    Some(columns.header(&table, field)),
                    format!("{field} {id:?} must be non-empty and hold no '/', '|' or ';'"),
                );
                ok = false;
            }
        }
        let tier = match words::tier(&cell("tier")) {
            Ok(t) => t.as_str().to_string(),
            Err(e) => {
                ctx.problems.error(
                    &table.file,
                    Some(row.number),
                    Some(columns.header(&table, "tier")),
                    e,
                );
                ok = false;
                String::new()
            }
        };
        if !ok {
            continue;
        }
        let row_out = StageRow {
            chain,
            stage,
            label: cell("label"),
            tier,
            inputs: cell("inputs"),
        };
        if let Some(first) = first_row.get(&row_out.name()) {
            ctx.problems.error(
                &table.file,
                Some(row.number),
                Some(columns.header(&table, "stage")),
                format!("duplicate stage {} (first on row {first})", row_out.name()),
            );
            continue;
        }
        first_row.insert(row_out.name(), row.number);
        book.add(row_out);
    }
}
