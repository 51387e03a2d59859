//! The complementarity analysis for readers (`complement` and the report's
//! "Guangzhou–Foshan" section): its tables built once ([`tables`], marked up by the caller's
//! [`Markup`]) for the Markdown here and the HTML report, and the command's Markdown (one
//! pair, or `--matrix`). Pure functions from values to text.

use crate::analysis::complementarity::{self, Complement, LqValues, Matrix, SideBases};
use crate::report::table::{self, MARKDOWN, Markup, Table};
use crate::text::escape::markdown as escape;
use crate::text::number::fmt_ratio;

/// Ids as code, comma-separated; `–` when none.
fn names(items: &[String], m: &Markup) -> String {
    if items.is_empty() {
        "–".to_string()
    } else {
        items
            .iter()
            .map(|i| (m.code)(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A unit's name, with its cities when they differ from the name.
fn unit(u: &complementarity::UnitRef) -> String {
    if u.cities.len() == 1 && u.cities[0] == u.name {
        escape(&u.name)
    } else {
        format!("{} ({})", escape(&u.name), escape(&u.cities.join(", ")))
    }
}

fn lq_cells(v: &LqValues) -> Vec<String> {
    let region = match v.e_region_b {
        Some(b) => format!("{:.1} / {b:.1}", v.e_region),
        None => format!("{:.1}", v.e_region),
    };
    vec![
        format!("{:.1}", v.e_a),
        format!("{:.1}", v.e_b),
        region,
        fmt_ratio(v.lq_a),
        fmt_ratio(v.lq_b),
    ]
}

/// A link-intensity cell: the ratio, with "(too few links (n))" when it is above 1 on
/// fewer than `--min-links` links (the same words in Markdown and HTML).
fn intensity_cell(v: Option<f64>, enough: bool, n: usize) -> String {
    if v.is_some_and(|v| v > 1.0) && !enough {
        format!("{} (too few links ({n}))", fmt_ratio(v))
    } else {
        fmt_ratio(v)
    }
}

/// The similarity sentence (context only), with the basis the shares are weighed by.
fn similarity_sentence(c: &Complement) -> String {
    format!(
        "UNIDO S = {}, Krugman K = {} over stage shares weighed by {}. A low S says the two differ, not that they fit.",
        fmt_ratio(c.similarity_unido),
        fmt_ratio(c.krugman),
        c.similarity_basis.label(&c.a.name, &c.b.name)
    )
}

/// "–: reason; reason.", each distinct reason once in order of first appearance, as a
/// paragraph; `None` when every figure is defined.
fn reasons<'a>(all: impl IntoIterator<Item = &'a Option<String>>, m: &Markup) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for reason in all.into_iter().flatten() {
        if !seen.contains(&reason.as_str()) {
            seen.push(reason);
        }
    }
    if seen.is_empty() {
        None
    } else {
        Some(format!("–: {}.", (m.text)(&seen.join("; "))))
    }
}

/// The title words of one family's bases: "(employment)" when both sides share it, else
/// "(A: firm count; B: employment)".
fn bases_title(bases: &SideBases, an: &str, bn: &str) -> String {
    if bases.a.basis == bases.b.basis {
        bases.a.basis.word().to_string()
    } else {
        format!(
            "{an}: {}; {bn}: {}",
            bases.a.basis.word(),
            bases.b.basis.word()
        )
    }
}

/// The rule that chose the bases, for the `basis_asked` of a result (`--basis`).
fn basis_rule(asked: &str) -> &'static str {
    match asked {
        "employment" => {
            "--basis employment: employment when known for at least half of the firms counted in the side and in the region, else firm count"
        }
        "revenue" => {
            "--basis revenue: revenue when known for at least half of the firms counted in the side and in the region, else firm count"
        }
        "count" => "--basis count: every firm weighs 1",
        _ => {
            "employment when known for at least half of the firms counted in the side and in the region, else revenue when every one of them states it, else firm count"
        }
    }
}

/// "Weights: A by employment (A: employment known for k of n; R: …); B by …." under a
/// quotient table, then the reasons of its undefined quotients.
fn bases_note<'a>(
    bases: &SideBases,
    asked: &str,
    [an, bn]: [&str; 2],
    values: impl Iterator<Item = &'a LqValues>,
    m: &Markup,
) -> [Option<String>; 2] {
    let weights = format!(
        "Weights ({}): {an} by {}; {bn} by {}.",
        (m.text)(basis_rule(asked)),
        (m.text)(&bases.a.label),
        (m.text)(&bases.b.label)
    );
    let values: Vec<&LqValues> = values.collect();
    [
        Some(weights),
        reasons(
            values.iter().flat_map(|v| [&v.lq_a_reason, &v.lq_b_reason]),
            m,
        ),
    ]
}

/// The complementarity of two units as Markdown (the `complement` command's table output
/// and the report's "Guangzhou–Foshan" section): the title, verdict and closure mode, then
/// [`tables`].
pub fn render_table(c: &Complement) -> String {
    let mut out = format!(
        "# Complementarity of {} and {}, context region {}\n\n\
         **Verdict:** {}\n\n{}\n\n",
        unit(&c.a),
        unit(&c.b),
        unit(&c.region),
        escape(&c.conclusion),
        escape(&lead_in(c)),
    );
    out += &table::markdown(&tables(c, &MARKDOWN));
    out
}

/// The line above the tables (plain text; each renderer escapes it): the closure mode and
/// how many of the firms weighed have a known employment.
pub fn lead_in(c: &Complement) -> String {
    let known = crate::analysis::employment_known_note(c.employment_known, c.employment_counted);
    format!(
        "Closure mode: {}; {known} firms with a stage or function; each figure states what it weighs.",
        c.mode.as_str()
    )
}

/// The tables of the complementarity of two units, in order, marked up by `m`: signals,
/// final products closed, stages covered, location quotients by tier and by function (each
/// with its weights), functional specialisation, directed link intensity, similarity
/// (a paragraph) and the outsourcing candidates (a paragraph when there are none).
pub fn tables(c: &Complement, m: &Markup) -> Vec<Table> {
    let (an, bn) = (&(m.text)(&c.a.name), &(m.text)(&c.b.name));
    let rn = &(m.text)(&c.region.name);
    let names = |items: &[String]| names(items, m);
    let mut out = vec![Table::new(
        "Signals".into(),
        headers(&["signal", "present", "numbers"]),
        c.signals
            .iter()
            .map(|s| {
                vec![
                    s.signal.to_string(),
                    s.state().to_string(),
                    (m.text)(&s.detail),
                ]
            })
            .collect(),
    )];
    out.push(Table::new(
        "Final products closed (joint gain = closed only together)".into(),
        vec![
            "chain".into(),
            format!("closed by {an}"),
            format!("closed by {bn}"),
            "closed jointly".into(),
            "joint gain".into(),
            "stages closed only jointly".into(),
        ],
        c.chains
            .iter()
            .map(|ch| {
                vec![
                    (m.code)(&ch.chain),
                    names(&ch.closed_a),
                    names(&ch.closed_b),
                    names(&ch.closed_joint),
                    names(&ch.joint_gain),
                    names(&ch.joint_gain_stages),
                ]
            })
            .collect(),
    ));
    out.push(Table::new(
        "Stages covered".into(),
        vec![
            "chain".into(),
            format!("#{an}"),
            format!("#{bn}"),
            "#jointly".into(),
            "#stages".into(),
        ],
        c.chains
            .iter()
            .map(|ch| {
                vec![
                    (m.code)(&ch.chain),
                    ch.covered_a.len().to_string(),
                    ch.covered_b.len().to_string(),
                    ch.covered_joint.len().to_string(),
                    ch.stages.to_string(),
                ]
            })
            .collect(),
    ));
    let lq_headers = |first: &str| -> Vec<String> {
        vec![
            first.into(),
            format!("#{an}"),
            format!("#{bn}"),
            format!("#{rn}"),
            format!("#LQ {an}"),
            format!("#LQ {bn}"),
        ]
    };
    let lq = &c.location_quotients;
    let asked = c.basis_asked.as_str();
    // The tier and function tables differ only in what a row is and how weight is split.
    let lq_table = |row: &str, split: &str, bases: &SideBases, rows: Vec<(String, &LqValues)>| {
        let note = bases_note(bases, asked, [an, bn], rows.iter().map(|(_, v)| *v), m);
        Table::new(
            format!(
                "Location quotients by {row} ({}; each firm's weight split equally across its {split}, so cells can be fractions)",
                bases_title(bases, an, bn)
            ),
            lq_headers(row),
            rows.into_iter()
                .map(|(label, v)| {
                    let mut cells = vec![label];
                    cells.extend(lq_cells(v));
                    cells
                })
                .collect(),
        )
        .notes(note)
    };
    out.push(lq_table(
        "tier",
        "stages",
        &lq.tier_basis,
        lq.by_tier
            .iter()
            .map(|t| (t.tier.to_string(), &t.values))
            .collect(),
    ));
    out.push(lq_table(
        "function",
        "functions",
        &lq.function_basis,
        lq.by_function
            .iter()
            .map(|f| (f.function.to_string(), &f.values))
            .collect(),
    ));
    let fs = &c.functional_specialisation;
    out.push(
        Table::new(
            (m.text)(
                "Functional specialisation (Duranton & Puga; jobs: employment known for at least half of the firms with a function, no count fallback)",
            ),
            headers(&["", "#(rnd+design+hq)/manufacturing", "#FS"]),
            vec![
                vec![an.clone(), fmt_ratio(fs.ratio_a), fmt_ratio(fs.a)],
                vec![bn.clone(), fmt_ratio(fs.ratio_b), fmt_ratio(fs.b)],
                vec![
                    rn.clone(),
                    fmt_ratio(fs.ratio_region),
                    if fs.ratio_region.is_some_and(|r| r > 0.0) {
                        "1.000".into()
                    } else {
                        "–".into()
                    },
                ],
            ],
        )
        .notes([reasons([&fs.a_reason, &fs.b_reason], m)]),
    );
    out.push(
        Table::new(
            format!(
                "Directed link intensity (above 1 = more than size predicts; a signal only on at least {} links in that direction; below that a ratio above 1 says \"too few links (n)\")",
                c.min_links
            ),
            vec![
                "layer".into(),
                format!("#{an}→{bn}"),
                format!("#links {an}→{bn} / out of {an}"),
                format!("#{bn}→{an}"),
                format!("#links {bn}→{an} / out of {bn}"),
            ],
            c.link_intensity
                .iter()
                .map(|l| {
                    vec![
                        l.layer.to_string(),
                        intensity_cell(l.a_to_b, l.a_to_b_enough_links, l.links_a_to_b),
                        format!("{}/{}", l.links_a_to_b, l.links_from_a),
                        intensity_cell(l.b_to_a, l.b_to_a_enough_links, l.links_b_to_a),
                        format!("{}/{}", l.links_b_to_a, l.links_from_b),
                    ]
                })
                .collect(),
        )
        .notes([
            reasons(
                c.link_intensity
                    .iter()
                    .flat_map(|l| [&l.a_to_b_reason, &l.b_to_a_reason]),
                m,
            ),
            c.link_intensity.first().map(|l| {
                format!(
                    "Firms (any kind): {an} {}, {bn} {}, {rn} {}.",
                    l.firms_a, l.firms_b, l.firms_region
                )
            }),
        ]),
    );
    out.push(
        Table::text(
            "Similarity (context only)".into(),
            vec![(m.text)(&similarity_sentence(c))],
        )
        .notes([reasons([&c.similarity_unido_reason], m)]),
    );
    let title = format!(
        "Outsourcing candidates (bought from outside {rn}, made on the other side by a merchant supplier)"
    );
    out.push(if c.outsourcing_candidates.is_empty() {
        Table::text(
            title,
            vec![format!(
                "None: neither side buys from outside {rn} a stage the other side makes."
            )],
        )
    } else {
        Table::new(
            title,
            headers(&[
                "buyer side",
                "stage",
                "buyers",
                "outside suppliers",
                "#links",
                "merchant producers on the other side",
                "captive producers left out",
            ]),
            c.outsourcing_candidates
                .iter()
                .map(|o| {
                    vec![
                        (m.text)(&o.buyer_city),
                        (m.code)(&format!("{}/{}", o.chain, o.stage)),
                        names(&o.buyers),
                        names(&o.outside_suppliers),
                        o.links.to_string(),
                        names(&o.producers_in_other),
                        names(&o.captive_in_other),
                    ]
                })
                .collect(),
        )
    });
    out
}

fn headers(fixed: &[&str]) -> Vec<String> {
    fixed.iter().map(|h| h.to_string()).collect()
}

/// All city pairs of a region ranked by joint gain, as Markdown (`complement --matrix`).
pub fn render_matrix(m: &Matrix) -> String {
    let mut out = format!(
        "# City pairs of {} ranked by joint gain\n\nJoint gain: final products closed by the two cities together and by neither alone ({} closure). S: UNIDO similarity of stage structures (context). Supply intensity above 1: more links than size predicts.\n\n",
        escape(&m.region.name),
        m.mode.as_str()
    );
    out += &if m.pairs_listed < m.pairs_ranked {
        format!(
            "{} pairs ranked; the top {} are listed (--top).\n\n",
            m.pairs_ranked, m.pairs_listed
        )
    } else if m.pairs_ranked == 1 {
        "1 pair ranked; it is listed.\n\n".to_string()
    } else {
        format!("{} pairs ranked; all are listed.\n\n", m.pairs_ranked)
    };
    out += &table::render(
        "Pairs",
        &[
            "a",
            "b",
            "#joint gain",
            "final products closed only jointly",
            "#S",
            "#K",
            "#supply a→b",
            "#supply b→a",
            "S and K weigh",
        ],
        m.pairs
            .iter()
            .map(|p| {
                vec![
                    escape(&p.a),
                    escape(&p.b),
                    p.joint_gain_count.to_string(),
                    names(&p.joint_gain, &MARKDOWN),
                    fmt_ratio(p.similarity_unido),
                    fmt_ratio(p.krugman),
                    fmt_ratio(p.supply_a_to_b),
                    fmt_ratio(p.supply_b_to_a),
                    escape(&p.similarity_basis.label(&p.a, &p.b)),
                ]
            })
            .collect(),
    );
    let reasons = reasons(
        m.pairs.iter().flat_map(|p| {
            [
                &p.similarity_unido_reason,
                &p.supply_a_to_b_reason,
                &p.supply_b_to_a_reason,
            ]
        }),
        &MARKDOWN,
    );
    if let Some(r) = reasons {
        out += &format!("{r}\n\n");
    }
    out
}
