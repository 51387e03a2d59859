//! links.csv: one row per directed relationship — `source`, `target`, `layer`, `stage`,
//! `weight`, `year`, `evidence`, `source_ref`, plus any extra columns (kept).
//!
//! A supply link's stage must be one its source produces; an empty stage is filled with the
//! source's only stage, and is an error when the source makes none or several.
//!
//! Rows are read in two steps per chunk: each row's cells are parsed and its firm ids
//! hashed; then the chunk's ids are looked up together (prefetched, see
//! `IdIndex::get_many`) and the checks that need the firms run.

use std::collections::HashMap;

use super::cells::{self, NON_NEGATIVE};
use super::problem::{Among, Problems};
use super::table::{Lines, Local, Row, Table, TableSpec};
use crate::model::ids::{IdIndex, IdKey};
use crate::model::{Evidence, Firm, FirmIdx, Layer, Link, Stage, StageIdx, Vocabulary};
use crate::text::suggest::{hint, vocabulary_message};

pub const SPEC: TableSpec = TableSpec {
    required: &["source", "target", "layer", "evidence"],
    optional: &["stage", "weight", "year", "source_ref"],
    rows_required: false,
};

pub struct LinkRows {
    pub links: Vec<Link>,
    pub texts: Vec<String>,
    pub extra_columns: Vec<String>,
    /// Per link, its extra-column values; empty when there are no extra columns.
    pub extra: Vec<Vec<String>>,
    /// The firms at the known ends of rows dropped for an error (their own, or a dropped
    /// firm at the other end), so that such a firm is not reported again as having no
    /// links.
    pub dropped_ends: Vec<FirmIdx>,
}

pub fn read(
    table: &Table<'_>,
    firms: &[Firm],
    firm_index: &IdIndex,
    rejected_firms: &HashMap<String, u64>,
    firms_complete: bool,
    stages: &[Stage],
    problems: &mut Problems,
) -> LinkRows {
    let tag = table.tag;
    let c = |name| table.col(name);
    let (c_source, c_target, c_layer, c_stage) = (c("source"), c("target"), c("layer"), c("stage"));
    let (c_weight, c_year, c_evidence, c_ref) =
        (c("weight"), c("year"), c("evidence"), c("source_ref"));
    // A supplier's first two stages, packed, so "does it produce s?" reads one small array
    // instead of a heap vector per firm (u32::MAX = none; more stages fall back).
    let first_stages: Vec<[u32; 2]> = firms
        .iter()
        .map(|f| {
            [
                f.stages.first().copied().unwrap_or(u32::MAX),
                f.stages.get(1).copied().unwrap_or(u32::MAX),
            ]
        })
        .collect();
    let produces = |f: FirmIdx, s: StageIdx| {
        let [a, b] = first_stages[f as usize];
        a == s || b == s || (b != u32::MAX && firms[f as usize].produces(s))
    };
    let stage_index = IdIndex::new(stages.iter().map(|s| s.key.as_str()));
    // Chunks are merged in file order as they finish, each chunk's text pool renumbered
    // into one.
    let mut out = LinkRows {
        links: Vec::new(),
        texts: Vec::new(),
        extra_columns: table.extra_names(),
        extra: Vec::new(),
        dropped_ends: Vec::new(),
    };
    let has_extra = !out.extra_columns.is_empty();
    let mut global = TextPool::default();
    let merge = |links: Vec<Link>, pool: TextPool| {
        let renumber: Vec<u32> = pool
            .texts
            .into_iter()
            .map(|t| global.intern_owned(t))
            .collect();
        out.links.reserve(links.len());
        for mut link in links {
            link.source_ref = renumber[link.source_ref as usize];
            out.links.push(link);
        }
        out.extra.extend(pool.extras);
        out.dropped_ends.extend(pool.dropped_ends);
    };
    // Two steps per chunk. Each row is parsed on its own, its firm ids only prepared
    // (hashed); then the chunk's ids are resolved in one tight loop, where the processor
    // overlaps the cache misses of many lookups (one per row would wait for each), and the
    // checks that need the firms run.
    let parse = |row: &Row<'_>, local: &mut Local, pool: &mut TextPool| -> Option<Draft> {
        if has_extra {
            pool.row_extra.push(table.extra_values(row));
        }
        let problems = &mut local.problems;
        let mut ends = [End::Missing, End::Missing];
        for (i, (col, name)) in [(c_source, "source"), (c_target, "target")]
            .into_iter()
            .enumerate()
        {
            let Some(id) = cells::key(row, col, tag, name, problems) else {
                continue;
            };
            ends[i] = match firm_index.key(id) {
                Some(key) => {
                    pool.keys.push(key);
                    End::Key(pool.keys.len() as u32 - 1)
                }
                None => {
                    pool.long_ids.push(id.to_string());
                    End::Long(pool.long_ids.len() as u32 - 1)
                }
            };
        }
        let layer_text = row.cell(c_layer);
        let layer = Layer::parse(layer_text);
        if layer.is_none() {
            problems.error(
                tag.at(row.line(), "layer"),
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
            problems.error(tag.at(row.line(), "evidence"), msg);
        }
        let stage_text = row.cell(c_stage);
        let mut stage_ok = true;
        let mut stage = None;
        if !stage_text.is_empty() {
            stage = match pool.last_stage.get(stage_text) {
                Some(s) => Some(s),
                None => {
                    let s = stage_index.get(stage_text);
                    if let Some(s) = s {
                        pool.last_stage.set(stage_text, s);
                    }
                    s
                }
            };
            if let Some(message) = stage
                .is_none()
                .then(|| cells::control_message(stage_text))
                .flatten()
            {
                stage_ok = false;
                problems.error(tag.at(row.line(), "stage"), message);
            } else if stage.is_none() && !stages.is_empty() {
                stage_ok = false;
                problems.error_hinted(
                    tag.at(row.line(), "stage"),
                    format!("unknown stage {stage_text:?} (not in chains.csv)"),
                    "",
                    Among::Stage,
                    stage_text,
                );
            }
        }
        let weight = cells::number(row, c_weight, tag, "weight", NON_NEGATIVE, problems);
        let weight_ok = row.cell(c_weight).is_empty() || weight.is_some();
        let year = cells::integer(row, c_year, tag, "year", problems);
        let year_ok = row.cell(c_year).is_empty() || year.is_some();
        let (Some(layer), Some(evidence)) = (layer, evidence) else {
            // Still resolve the ends: an unknown firm is reported too.
            return Some(Draft::ends_only(row.offset(), ends));
        };
        Some(Draft {
            offset: row.offset(),
            ends,
            link: Some(Link {
                source: 0,
                target: 0,
                layer,
                stage,
                weight,
                year,
                evidence,
                source_ref: pool.intern(row.cell(c_ref)),
            }),
            cells_ok: stage_ok && weight_ok && year_ok,
        })
    };
    let finish = |drafts: Vec<Draft>, local: &mut Local, pool: &mut TextPool, lines: &Lines<'_>| {
        let keys = std::mem::take(&mut pool.keys);
        let long_ids = std::mem::take(&mut pool.long_ids);
        let found = firm_index.get_many(&keys);
        let mut row_extra = std::mem::take(&mut pool.row_extra).into_iter();
        let mut out = Vec::with_capacity(drafts.len());
        for draft in drafts {
            // Counted only for a row with a problem (see `Lines`).
            let line = || lines.line_at(draft.offset);
            let extra = row_extra.next();
            let mut ends = [None, None];
            for (i, end) in draft.ends.into_iter().enumerate() {
                let (id, firm) = match end {
                    End::Missing => continue,
                    End::Key(k) => (keys[k as usize].as_str(), found[k as usize]),
                    End::Long(k) => {
                        let id = long_ids[k as usize].as_str();
                        (id, firm_index.get(id))
                    }
                };
                ends[i] = firm;
                // An id that is not a firm is unknown only when every row of firms.csv was
                // read (an unclosed quote can swallow the rest of the file).
                if firm.is_none()
                    && firms_complete
                    && !rejected_firms.contains_key(id)
                    && !firms.is_empty()
                {
                    local.problems.error_hinted(
                        tag.at(line(), ["source", "target"][i]),
                        format!("unknown firm id {id:?} (not in firms.csv)"),
                        "",
                        Among::Firm,
                        id,
                    );
                }
            }
            let ([Some(source), Some(target)], Some(mut link)) = (ends, draft.link) else {
                pool.dropped_ends.extend(ends.into_iter().flatten());
                continue;
            };
            // From here on, a row that is not kept drops a link of both its ends; a kept
            // one takes them back off.
            let kept_mark = pool.dropped_ends.len();
            pool.dropped_ends.extend([source, target]);
            let problems = &mut local.problems;
            if source == target {
                problems.error(
                    tag.row(line()),
                    format!(
                        "self-loop: firm {:?} links to itself",
                        firms[source as usize].id
                    ),
                );
                continue;
            }
            if !draft.cells_ok {
                continue;
            }
            (link.source, link.target) = (source, target);
            if link.layer == Layer::Supply {
                let supplier = &firms[source as usize];
                let place = || tag.at(line(), "stage");
                match link.stage {
                    Some(s) if !produces(source, s) => {
                        problems.error(
                            place(),
                            format!(
                                "supply link of stage {:?} from firm {:?}, which does not produce it (it produces: {})",
                                stages[s as usize].key,
                                supplier.id,
                                produced_list(supplier, stages)
                            ),
                        );
                        continue;
                    }
                    Some(_) => {}
                    None => match supplier.stages.as_slice() {
                        [only] => link.stage = Some(*only),
                        [] => {
                            problems.error(
                                place(),
                                format!(
                                    "supply link from firm {:?}, which produces no stage; give the firm its stages in firms.csv or use another layer",
                                    supplier.id
                                ),
                            );
                            continue;
                        }
                        _ => {
                            problems.error(
                                place(),
                                format!(
                                    "ambiguous supply link: firm {:?} produces several stages ({}); say which one flows",
                                    supplier.id,
                                    produced_list(supplier, stages)
                                ),
                            );
                            continue;
                        }
                    },
                }
            }
            pool.dropped_ends.truncate(kept_mark);
            out.push(link);
            pool.extras.extend(extra);
        }
        out
    };
    table.par_rows(&SPEC, problems, merge, parse, finish);
    problems.resolve_hints(tag.rank, |among, value| match among {
        Among::Firm => hint(value, firms.iter().map(|f| f.id.as_str())),
        _ => hint(value, stages.iter().map(|s| s.key.as_str())),
    });

    out.texts = global.texts;
    out
}

/// One end of a link as parsed, before the firms are looked up.
#[derive(Clone, Copy)]
enum End {
    /// Empty cell (already reported).
    Missing,
    /// A short id: this entry of the chunk's `keys`, looked up in one batch.
    Key(u32),
    /// An id too long for a key: this entry of the chunk's `long_ids`.
    Long(u32),
}

/// A parsed row waiting for its firms: the link (`None` when its layer or evidence was
/// invalid; its ends are then still checked) and whether its other cells were valid.
struct Draft {
    /// Where the row starts in its chunk (its line is counted only if it has a problem).
    offset: usize,
    ends: [End; 2],
    link: Option<Link>,
    cells_ok: bool,
}

impl Draft {
    fn ends_only(offset: usize, ends: [End; 2]) -> Draft {
        Draft {
            offset,
            ends,
            link: None,
            cells_ok: false,
        }
    }
}

/// A one-entry cache of the last id looked up, without allocating: ids of up to 32 bytes.
#[derive(Default)]
struct LastId {
    len: usize,
    bytes: [u8; 32],
    index: u32,
}

impl LastId {
    fn get(&self, id: &str) -> Option<u32> {
        (self.len != 0 && self.len == id.len() && &self.bytes[..self.len] == id.as_bytes())
            .then_some(self.index)
    }

    fn set(&mut self, id: &str, index: u32) {
        if id.len() <= self.bytes.len() {
            self.len = id.len();
            self.bytes[..id.len()].copy_from_slice(id.as_bytes());
            self.index = index;
        }
    }
}

/// Distinct `source_ref` texts, each stored once.
#[derive(Default)]
pub struct TextPool {
    texts: Vec<String>,
    index: HashMap<String, u32, foldhash::fast::RandomState>,
    last: Option<u32>,
    /// The last stage resolved in this chunk.
    last_stage: LastId,
    /// This chunk's short link-end ids, prepared for one batch lookup ([`End::Key`]).
    keys: Vec<IdKey>,
    /// This chunk's ids too long for a key ([`End::Long`]).
    long_ids: Vec<String>,
    /// Extra-column values per parsed row (only when links.csv has extra columns) …
    row_extra: Vec<Vec<String>>,
    /// … and per link kept, in order.
    extras: Vec<Vec<String>>,
    /// The known ends of rows dropped for an error ([`LinkRows::dropped_ends`]).
    dropped_ends: Vec<FirmIdx>,
}

impl TextPool {
    /// The index of `text`, adding it when new. Consecutive rows often repeat a reference,
    /// so the last one is checked first; lookups never allocate.
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(i) = self.last
            && self.texts[i as usize] == text
        {
            return i;
        }
        let i = match self.index.get(text) {
            Some(&i) => i,
            None => self.intern_owned(text.to_string()),
        };
        self.last = Some(i);
        i
    }

    fn intern_owned(&mut self, text: String) -> u32 {
        if let Some(&i) = self.index.get(&text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.index.insert(text.clone(), i);
        self.texts.push(text);
        i
    }
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
