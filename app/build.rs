//! Generates the `i18n` module from `locales/*.json` at compile time, so a missing key is a build error.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::{error::Error, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    // Interpolation into plain strings is needed for attributes and error texts.
    let cfg = Config::new("en")?
        .add_locale("fr")?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(PathBuf::from(out).join("i18n"))?;
    Ok(())
}
