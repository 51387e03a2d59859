//! Keys and names that other programs read (issue 13 items 6–8): control characters in keys
//! are located errors; extra columns named like a format's own fields are renamed so
//! NetworkX keeps every link; exports round-trip guarded headers; a full stderr never
//! panics; over-long DOT ids; a short error for an unknown region among many cities.

use crate::util::TempDataset;

// ---------------------------------------------------------------------------------------
// Item 6: keys are printable

/// One control character in one key per case: (file, text to replace, replacement, line,
/// column, the character as the message escapes it).
const CONTROL_CASES: &[(&str, &str, &str, u32, &str, &str)] = &[
    (
        "cities.csv",
        "Guangzhou,广州",
        "Guang\u{1}zhou,广州",
        2,
        "city",
        "\\u{1}",
    ),
    (
        "cities.csv",
        "GBA,China,23.13",
        "G\u{1f}BA,China,23.13",
        2,
        "region",
        "\\u{1f}",
    ),
    (
        "chains.csv",
        "ac,copper,",
        "a\u{7f}c,copper,",
        2,
        "chain",
        "\\u{7f}",
    ),
    (
        "chains.csv",
        "ac,board,",
        "ac,bo\u{85}ard,",
        4,
        "stage",
        "\\u{85}",
    ),
    (
        "chains.csv",
        ",copper\n",
        ",cop\u{1}per\n",
        3,
        "inputs",
        "\\u{1}",
    ),
    (
        "firms.csv",
        "cu,Copper Co",
        "c\u{1}u,Copper Co",
        2,
        "id",
        "\\u{1}",
    ),
    (
        "firms.csv",
        ",Ningbo,",
        ",Ning\u{9f}bo,",
        2,
        "city",
        "\\u{9f}",
    ),
    (
        "firms.csv",
        "ac/copper,manufacturing",
        "ac/cop\u{9}per,manufacturing",
        2,
        "stages",
        "\\u{9}",
    ),
    (
        "links.csv",
        "cu,comp,supply",
        "c\u{1b}u,comp,supply",
        2,
        "source",
        "\\u{1b}",
    ),
    (
        "links.csv",
        "comp,ac1,supply",
        "comp,ac\u{1}1,supply",
        3,
        "target",
        "\\u{1}",
    ),
    (
        "links.csv",
        ",ac/compressor,20",
        ",ac/\u{80}compressor,20",
        3,
        "stage",
        "\\u{80}",
    ),
];

#[test]
fn a_control_character_in_any_key_is_a_located_error() {
    for &(file, from, to, line, column, shown) in CONTROL_CASES {
        let data = TempDataset::base();
        data.replace(file, from, to);
        let out = data.check();
        out.assert_code(1);
        let expected = format!(
            "{}:{line}: column {column:?}: control character {shown} at character",
            data.shown(file)
        );
        out.assert_contains(&expected);
        out.assert_contains("keys must be printable");
    }
}

/// `a\x01b` and `ab` were one node in DOT and GraphML; now the first is refused.
#[test]
fn a_key_differing_only_by_a_control_character_is_refused_not_merged() {
    let data = TempDataset::base();
    data.append(
        "firms.csv",
        "ab,AB Co,,Foshan,firm,,rnd,1,,test\n\"a\u{1}b\",AB2 Co,,Foshan,firm,,rnd,1,,test\n",
    );
    data.append("links.csv", "ab,comp,innovation,,,2024,assumed,test\n");
    let out = data.check();
    out.assert_code(1);
    out.assert_contains(&format!(
        "{}:8: column \"id\": control character \\u{{1}} at character 2 of \"a\\u{{1}}b\"",
        data.shown("firms.csv")
    ));
}

/// Printable non-ASCII keys (CJK, accents, no-break space inside) stay valid.
#[test]
fn printable_unicode_keys_stay_valid() {
    let data = TempDataset::base();
    data.replace("firms.csv", "cu,Copper Co", "铜\u{a0}é,Copper Co");
    data.replace("links.csv", "cu,comp,supply", "铜\u{a0}é,comp,supply");
    data.check().assert_code(0);
}
