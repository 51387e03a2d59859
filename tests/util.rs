//! Test helpers: run the release-under-test binary, and build small datasets in temporary
//! folders from a valid base with one defect each.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole output when `needle` is not in stdout or stderr.
    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle) || self.stderr.contains(needle),
            "expected {needle:?} in output\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chainatlas"))
}

pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = bin().args(args).output().expect("run chainatlas");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root (for datasets/…).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const BASE_CITIES: &str = "\
city,name_zh,region,country,lat,lon
Guangzhou,广州,GBA,China,23.13,113.26
Foshan,佛山,GBA,China,23.02,113.12
Ningbo,宁波,Mainland,China,29.87,121.54
Tokyo,东京,Overseas,Japan,35.68,139.69
";

pub const BASE_CHAINS: &str = "\
chain,stage,label,tier,inputs
ac,copper,Copper,raw_material,
ac,compressor,Compressor,component,copper
ac,board,Control board,component,
ac,air_conditioner,Air conditioner,final_product,compressor;board
ac,retail,Retail,service,air_conditioner
";

pub const BASE_FIRMS: &str = "\
id,name,name_zh,city,kind,stages,functions,employees,revenue,source
cu,Copper Co,,Ningbo,firm,ac/copper,manufacturing,100,,test
comp,Compressor Co,,Foshan,firm,ac/compressor,manufacturing,500,,test
brd,Board Co,,Guangzhou,firm,ac/board,manufacturing,200,,test
ac1,AC Co,,Foshan,firm,ac/air_conditioner;ac/retail,manufacturing;sales,1000,,test
uni,University,,Guangzhou,university,,rnd,50,,test
";

pub const BASE_LINKS: &str = "\
source,target,layer,stage,weight,year,evidence,source_ref
cu,comp,supply,ac/copper,10,2024,documented,test
comp,ac1,supply,ac/compressor,20,2024,documented,test
brd,ac1,supply,,5,2024,reported,test
uni,comp,innovation,,,2024,assumed,test
";

/// A dataset in a temporary folder; dropped with the folder.
pub struct TempDataset {
    pub dir: tempfile::TempDir,
}

impl TempDataset {
    /// The valid base dataset.
    pub fn base() -> TempDataset {
        Self::with(BASE_CITIES, BASE_CHAINS, BASE_FIRMS, BASE_LINKS)
    }

    pub fn with(cities: &str, chains: &str, firms: &str, links: &str) -> TempDataset {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in [
            ("cities.csv", cities),
            ("chains.csv", chains),
            ("firms.csv", firms),
            ("links.csv", links),
        ] {
            std::fs::write(dir.path().join(name), text).expect("write fixture");
        }
        TempDataset { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Overwrites one file with raw bytes.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.file(name), bytes).expect("write fixture");
        self
    }

    /// Appends text to one file.
    pub fn append(&self, name: &str, text: &str) -> &Self {
        let mut current = std::fs::read_to_string(self.file(name)).expect("read fixture");
        current.push_str(text);
        self.write(name, current)
    }

    /// Replaces `from` by `to` in one file (which must contain it).
    pub fn replace(&self, name: &str, from: &str, to: &str) -> &Self {
        let current = std::fs::read_to_string(self.file(name)).expect("read fixture");
        assert!(current.contains(from), "{name} does not contain {from:?}");
        self.write(name, current.replacen(from, to, 1))
    }

    /// `chainatlas check <this dataset>`.
    pub fn check(&self) -> Run {
        run([std::ffi::OsStr::new("check"), self.path().as_os_str()])
    }

    /// The display name of one file in messages.
    pub fn shown(&self, name: &str) -> String {
        self.file(name).display().to_string()
    }
}

/// Compares `bytes` with tests/data/snapshots/`name`; with CHAINATLAS_UPDATE_SNAPSHOTS=1
/// the file is (re)written instead.
pub fn assert_snapshot(name: &str, bytes: &[u8]) {
    let path = repo().join("tests/data/snapshots").join(name);
    if std::env::var_os("CHAINATLAS_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}: run with CHAINATLAS_UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == bytes,
        "{} differs from the snapshot; if the change is intended, rerun with CHAINATLAS_UPDATE_SNAPSHOTS=1\n--- got\n{}",
        path.display(),
        String::from_utf8_lossy(bytes)
    );
}

/// Is an external program available? (`program --version` or `-V` runs.)
pub fn have(program: &str) -> bool {
    ["-V", "--version"].iter().any(|flag| {
        Command::new(program)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
