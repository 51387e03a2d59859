//! `chainatlas init DIR`: a small valid dataset to start from — the four contract files and
//! `absences.csv`, each with its header and real example rows (taken, with their sources,
//! from the embedded GBA data), a `report.toml` and a README stub explaining each file.
//! Written as one set ([`OutputSet`]): a failed run leaves nothing behind, and a folder that
//! already holds other files is refused.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::Error;
use crate::output::OutputSet;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create (must be missing or empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

const CITIES: &str = "\
city,name_zh,region,country,lat,lon
Foshan,佛山,GBA,China,23.02,113.12
Guangzhou,广州,GBA,China,23.13,113.26
Anshan,鞍山,Mainland,China,41.11,122.99
";

const CHAINS: &str = "\
chain,stage,label,tier,inputs
cars,iron_ore,Iron ore (for steelmaking),raw_material,
cars,powertrain,Powertrain: engines and transmissions,component,iron_ore
cars,passenger_car,Passenger car (vehicle assembly),final_product,powertrain
";

const FIRMS: &str = "\
id,name,name_zh,city,kind,stages,functions,employees,revenue,source,group
honda_auto_parts_foshan,Honda Auto Parts Manufacturing Co. (CHAM),本田汽车零部件制造有限公司,Foshan,firm,cars/powertrain,manufacturing,1900,,https://abnnewswire.cn/press/en/35716/Honda-Auto-Parts-Manufacturing-Co-Ltd-Begins-Operations-in-China.html — Honda Auto Parts Manufacturing Co. begins operations in China (Honda via ABN Newswire; 2007),Honda
gac_honda,GAC Honda Automobile,广汽本田,Guangzhou,firm,cars/passenger_car,manufacturing,,,https://world.honda.com/news/2010/c100525eng.html — Guangqi Honda to expand automobile production capacity (Honda; 2010),GAC Group
ansteel_mining,Ansteel Group Mining,鞍钢集团矿业,Anshan,firm,cars/iron_ore,manufacturing,,,https://wap.asianmetal.com/news/viewNews.am?nId=2095564 — Ansteel Mining gets permit to expand Qidashan iron mine (Asian Metal),Ansteel
";

const LINKS: &str = "\
source,target,layer,stage,weight,year,evidence,source_ref
honda_auto_parts_foshan,gac_honda,supply,cars/powertrain,,2010,documented,https://abnnewswire.cn/press/en/35716/Honda-Auto-Parts-Manufacturing-Co-Ltd-Begins-Operations-in-China.html — CHAM supplies transmissions to Honda's car joint ventures in China (Honda via ABN Newswire; 2007)
";

const ABSENCES: &str = "\
area,stage,evidence,source_ref,note
GBA,cars/iron_ore,estimated,http://china.org.cn/english/en-sz2005/zr/zrzy-kc.htm,\"China's iron deposits lie mainly in Liaoning, Hebei and Shanxi; Guangdong's Dabaoshan deposit is in Shaoguan, outside the GBA: no operating GBA iron-ore mine found. An inference, not proof: Guangdong's mining plan names two Zhaoqing counties among its iron-mining areas, so the GBA dataset that ships with chainatlas leaves iron ore unknown; check the cities' mining licences before relying on this row\"
";

const REPORT_TOML: &str = "\
# Report settings of this dataset, read by `chainatlas report` (and the default region and
# city pair of every command). Every key is optional; without this file the report asks
# its questions neutrally and compares no city pair. `{region}` stands for the region.
title = \"Is the car chain complete in {region}?\"
source = \"example claims\"
region = \"GBA\"
pair = [\"Guangzhou\", \"Foshan\"]

# The claims the report tests, each answered by one analysis. id is one of completeness,
# fusion, complementarity, stability, dual_cycle; number defaults to the position here.
[[claims]]
id = \"completeness\"
text = \"{region} has a complete car chain, from raw materials to vehicles\"
";

const README: &str = "\
# A chainatlas dataset

Started with `chainatlas init`. The rows are real examples (from the GBA dataset that ships
with chainatlas, with their sources); replace them with your own data, then run
`chainatlas check DIR` and, when it reports no errors, `chainatlas report DIR`.
The full contract is in chainatlas's docs/data-format.md.

| file | one row is | columns you must fill |
|---|---|---|
| `cities.csv` | a city (optional: China's prefecture-level cities, Hong Kong and Macao are built in; a row adds a place or overrides a built-in one) | `city` (its key), `region` (e.g. `GBA`: `--region GBA` selects its cities), `country` |
| `chains.csv` | a stage of a chain template | `chain`, `stage`, `tier` (`raw_material` … `final_product`, `service`), `inputs` (stages it needs: `a;b` = a and b, `a|b` = a or b; may be empty) |
| `firms.csv` | an organisation | `id`, `name`, `city` (a key of cities.csv, or a built-in city by id, Chinese name or pinyin: `Foshan`, `佛山市`), `kind` (`firm`, `lab`, `university`, …), `stages` (`chain/stage` it produces, `;`-separated; may be empty) |
| `links.csv` | a directed relationship | `source`, `target` (firm ids), `layer` (`supply`, `value`, `innovation`, `capital`), `evidence` (`documented`, `reported`, `estimated`, `assumed`); for supply, `stage` = what flows |
| `absences.csv` | a recorded absence: no producer of a stage in an area | `area` (a city, region or country), `stage`, `evidence`, `source_ref` (optional file) |
| `report.toml` | report settings (optional) | nothing required: `title`, `source`, `region` (default `--region`), `pair` (the two cities `report` and `complement` compare), `[[claims]]` (`id`, `text`) |

On this example `check` gives one warning, firm ansteel_mining has no links: warnings
point at gaps in the data (an organisation no relationship is recorded for), errors at rows
that cannot be read. The iron-ore mine is there so the report can say where the car chain
closes: not in the GBA (the absence), but within China. The absence is `estimated`, and its
note says what would overturn it: an absence is only as firm as its source.

Say how each link is known: `documented` for a party's own statement or a public record,
`reported` for press or a secondary source, `estimated` for an inference (say how in
`note`), `assumed` for your assumption. A stage with no producer in your data is not
absent from the region: record an absence only where a source shows it.
";

/// The files `init` writes, in order.
pub const FILES: [(&str, &str); 7] = [
    ("cities.csv", CITIES),
    ("chains.csv", CHAINS),
    ("firms.csv", FIRMS),
    ("links.csv", LINKS),
    ("absences.csv", ABSENCES),
    ("report.toml", REPORT_TOML),
    ("README.md", README),
];

pub fn run(args: Args) -> Result<ExitCode, Error> {
    super::common::refuse_non_empty(&args.dir, "init")?;
    let mut set = OutputSet::begin(&args.dir, &[]).map_err(|e| Error::io(&args.dir, e))?;
    for (name, text) in FILES {
        set.write_bytes(name, text.as_bytes())
            .map_err(|e| Error::io(args.dir.join(name), e))?;
    }
    set.commit().map_err(|e| Error::io(&args.dir, e))?;
    crate::error::stderr_line(format_args!(
        "wrote {}: cities.csv, chains.csv, firms.csv, links.csv, absences.csv, report.toml, README.md; next: chainatlas check {}",
        args.dir.display(),
        args.dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}
