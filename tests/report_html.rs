//! The HTML report carries the Markdown report's tables for claims 3 (the city pair's
//! complementarity) and 2 (four chains as one system): both sections are read back from
//! each format into the same plain blocks (headings, tables cell by cell, paragraphs) and
//! compared, so a table, column, row or note printed in one format and not the other fails.

use crate::util::{BASE_CHAINS, BASE_CITIES, BASE_FIRMS, BASE_LINKS, TempDataset, repo, run};

/// A piece of a section after its first table heading, as plain text.
#[derive(Debug, PartialEq)]
enum Block {
    /// A heading: 3 for the section's tables, 4 for a subheading.
    Heading(usize, String),
    /// The header row, then the body rows.
    Table(Vec<Vec<String>>),
    Paragraph(String),
}

/// Markdown text made plain: backslash escapes undone, code spans and `**` dropped.
fn plain_markdown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '`' => {}
            '*' if chars.as_str().starts_with('*') => {
                chars.next();
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// The cells of a Markdown table row, split at unescaped pipes.
fn markdown_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = cells.last_mut().unwrap();
                last.push('\\');
                last.extend(chars.next());
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| plain_markdown(c)).collect()
}

/// The Markdown sections of claims 3 and 2: the two `## ` sections after "Bottlenecks and
/// resilience", each from its first `###` heading on (the verdict and quote above it are
/// written differently by each format).
fn markdown_sections(md: &str) -> [Vec<Block>; 2] {
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("## Bottlenecks and resilience"))
        .expect("bottleneck section");
    let sections: Vec<usize> = (start + 1..lines.len())
        .filter(|&i| lines[i].starts_with("## "))
        .take(3)
        .collect();
    assert_eq!(sections.len(), 3, "claim 3, claim 2 and a chain section");
    let read = |from: usize, to: usize| {
        let mut blocks = Vec::new();
        let mut table: Vec<Vec<String>> = Vec::new();
        let mut started = false;
        for line in &lines[from + 1..to] {
            if line.starts_with('|') {
                if !line.starts_with("|-") {
                    table.push(markdown_cells(line));
                }
                continue;
            }
            if !table.is_empty() {
                blocks.push(Block::Table(std::mem::take(&mut table)));
            }
            let level = line.chars().take_while(|&c| c == '#').count();
            if level >= 3 && line[level..].starts_with(' ') {
                started = true;
                blocks.push(Block::Heading(level, plain_markdown(&line[level..])));
            } else if started && !line.trim().is_empty() {
                blocks.push(Block::Paragraph(plain_markdown(line)));
            }
        }
        if !table.is_empty() {
            blocks.push(Block::Table(table));
        }
        blocks
    };
    [
        read(sections[0], sections[1]),
        read(sections[1], sections[2]),
    ]
}

/// HTML text made plain: tags dropped, entities undone.
fn plain_html(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// The text between `open` (a tag name with its attributes) and `close`, and the rest.
fn element<'a>(s: &'a str, open: &str, close: &str) -> Option<(&'a str, &'a str)> {
    let at = s.find(open)?;
    let body = &s[at..];
    let body = &body[body.find('>')? + 1..];
    let end = body.find(close)?;
    Some((&body[..end], &body[end + close.len()..]))
}

/// The cells of each `<tr>` of a table.
fn html_rows(table: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut rest = table;
    while let Some((row, after)) = element(rest, "<tr", "</tr>") {
        let mut cells = Vec::new();
        let mut r = row;
        while let Some(at) = r.find("<t") {
            let tag = if r[at..].starts_with("<th") {
                "</th>"
            } else {
                "</td>"
            };
            let (cell, after) = element(&r[at..], "<t", tag).expect("closed cell");
            cells.push(plain_html(cell));
            r = after;
        }
        rows.push(cells);
        rest = after;
    }
    rows
}

/// The blocks of one `<section id="…">`, from its first `<h3>` on.
fn html_section(html: &str, id: &str) -> Vec<Block> {
    let (section, _) = element(html, &format!("<section id=\"{id}\""), "</section>")
        .unwrap_or_else(|| panic!("no section {id}"));
    let mut blocks = Vec::new();
    let mut rest = section;
    let mut started = false;
    loop {
        let next = ["<h3>", "<h4>", "<table>", "<p>", "<p "]
            .iter()
            .filter_map(|t| rest.find(t).map(|at| (at, *t)))
            .min();
        let Some((at, tag)) = next else { break };
        rest = &rest[at..];
        let (block, after) = match tag {
            "<h3>" | "<h4>" => {
                started = true;
                let (h, after) = element(rest, tag, &tag.replace('<', "</")).unwrap();
                (
                    Block::Heading(if tag == "<h3>" { 3 } else { 4 }, plain_html(h)),
                    after,
                )
            }
            "<table>" => {
                let (t, after) = element(rest, tag, "</table>").unwrap();
                (Block::Table(html_rows(t)), after)
            }
            _ => {
                let (p, after) = element(rest, "<p", "</p>").unwrap();
                (Block::Paragraph(plain_html(p)), after)
            }
        };
        if started {
            blocks.push(block);
        }
        rest = after;
    }
    blocks
}

/// Runs `report args` as Markdown and as HTML and compares claim 3's and claim 2's blocks;
/// returns the Markdown blocks.
fn assert_same_blocks(what: &str, args: &[&str]) -> [Vec<Block>; 2] {
    let md = run([&["report"], args].concat());
    md.assert_ok();
    let html = run([&["report"], args, &["--format", "html"]].concat());
    html.assert_ok();
    let [pair_md, system_md] = markdown_sections(&md.stdout);
    let pair_html = html_section(&html.stdout, "pair");
    let system_html = html_section(&html.stdout, "one-system");
    for (claim, md, html) in [
        ("claim 3", &pair_md, &pair_html),
        ("claim 2", &system_md, &system_html),
    ] {
        for (i, (m, h)) in md.iter().zip(html.iter()).enumerate() {
            assert_eq!(m, h, "{what}, {claim}: block {i} differs (Markdown, HTML)");
        }
        assert_eq!(
            md.len(),
            html.len(),
            "{what}, {claim}: {} blocks in Markdown, {} in HTML; the extra ones: {:?}",
            md.len(),
            html.len(),
            if md.len() > html.len() {
                &md[html.len()..]
            } else {
                &html[md.len()..]
            }
        );
    }
    [pair_md, system_md]
}

fn titles(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(_, t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

fn tables(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count()
}

#[test]
fn html_report_has_every_table_of_claims_2_and_3_that_markdown_has() {
    let data = |d: &str| repo().join(d).display().to_string();
    let tiny = data("datasets/tiny");
    // tiny: no outsourcing candidate (a heading and "None"), an undefined intensity.
    let [pair, system] = assert_same_blocks("tiny", &[&tiny]);
    assert_eq!(tables(&pair), 7, "{:?}", titles(&pair));
    assert_eq!(tables(&system), 7, "{:?}", titles(&system));
    for title in [
        "Signals",
        "Final products closed (joint gain = closed only together)",
        "Stages covered",
        "Similarity (context only)",
        "Outsourcing candidates (bought from outside GBA, made on the other side by a merchant supplier)",
    ] {
        assert!(
            titles(&pair).contains(&title),
            "{title}: {:?}",
            titles(&pair)
        );
    }
    for title in [
        "Layers (local links: both ends in the region)",
        "Multiplex participation",
        "Distribution",
        "Top firms by participation",
        "Innovation coupling: local manufacturers with an inbound innovation link",
    ] {
        assert!(
            titles(&system).contains(&title),
            "{title}: {:?}",
            titles(&system)
        );
    }
    assert_same_blocks("tiny --min-links 1", &[&tiny, "--min-links", "1"]);
    // The embedded GBA data.
    assert_same_blocks("GBA", &[]);
    // Outsourcing candidates as a table; FS undefined on twins.
    let joint = data("tests/data/complement/joint");
    let [pair, _] = assert_same_blocks("joint", &[&joint, "--pair", "Alpha,Beta"]);
    assert_eq!(tables(&pair), 8, "{:?}", titles(&pair));
    let twins = data("tests/data/complement/twins");
    assert_same_blocks("twins", &[&twins, "--pair", "East,West"]);
    // No pair: claim 3 is a paragraph in both.
    let [pair, _] = assert_same_blocks("fusion/four", &[&data("tests/data/fusion/four")]);
    assert!(pair.is_empty(), "{pair:?}");
}

/// A city named with every character Markdown or HTML treats specially (`#` first: a
/// header starting with it is also the numeric-column mark) reads the same in both.
#[test]
fn html_and_markdown_tables_of_claims_2_and_3_agree_on_a_hostile_city_name() {
    let name = "#Fo|sh*an_<b>&`x`";
    let d = TempDataset::with(
        &BASE_CITIES.replace("Foshan", name),
        BASE_CHAINS,
        &BASE_FIRMS.replace("Foshan", name),
        BASE_LINKS,
    );
    let path = d.path().display().to_string();
    let [pair, _] = assert_same_blocks(
        "hostile city",
        &[&path, "--pair", &format!("Guangzhou,{name}")],
    );
    let at = pair
        .iter()
        .position(|b| *b == Block::Heading(3, "Stages covered".into()))
        .expect("stages covered");
    let Some(Block::Table(stages)) = pair.get(at + 1) else {
        panic!("stages covered: {pair:?}")
    };
    assert_eq!(stages[0][2], name, "{stages:?}");
}

/// The lines above claim 3's and claim 2's tables (closure mode and employment known; the
/// region and its cities) are in both formats: they say what the tables weigh.
#[test]
fn html_report_states_the_lead_in_lines_of_claims_2_and_3() {
    let tiny = repo().join("datasets/tiny").display().to_string();
    let md = run(["report", &tiny]);
    md.assert_ok();
    let html = run(["report", &tiny, "--format", "html"]);
    html.assert_ok();
    for line in [
        "Closure mode: structural; employment known for 19 of 19 firms with a stage or function; each figure states what it weighs.",
        "Region GBA = Foshan, Guangzhou, Shenzhen (19 local firms).",
    ] {
        md.assert_contains(line);
        html.assert_contains(&format!("<p>{line}</p>"));
    }
}
