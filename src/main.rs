//! The `brief` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

// See Cargo.toml: measured faster and leaner than the system allocator on large sites.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (`_RJEM_MALLOC_CONF` in the environment adds to
/// them). One arena per CPU instead of four: each arena keeps freed memory of its own. With
/// four per CPU a 2,000-page build peaked up to 3% above glibc's malloc; with one, 1% below.
/// (Per-CPU arenas need Linux's `sched_getcpu`.)
#[cfg(target_os = "linux")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 20] = b"percpu_arena:percpu\0";

#[derive(Parser)]
#[command(
    name = "brief",
    version,
    about = "Build bilingual, data-driven research briefs: Markdown with indicator data in, a static site with SVG charts out.",
    long_about = "brief turns content/, templates/ and static/ into a static site in public/.\n\
Articles are Markdown files under content/<language>/; their YAML front matter carries\n\
indicator data (numbers by series and year, with unit and source) that brief draws as SVG\n\
charts, quotes in prose with shortcodes, and publishes as CSV, in every language.\n\n\
Start with `brief new my-brief`, then `cd my-brief && brief build`.",
    after_help = "Run `brief <command> --help` for the options of a command."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (replaced only if the build succeeds).
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Do everything a build does (including checking every link), without writing anything.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also check links to other sites (needs the network; slow on large sites).
        #[arg(long)]
        external: bool,
    },
    /// Serve the site on 127.0.0.1, rebuild what each saved edit touches, and reload the browser.
    Serve {
        /// The project folder, containing site.yaml.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new brief (site.yaml, both languages, an article with a chart) in DIR.
    New {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
}

#[derive(Args)]
struct Common {
    /// The project folder, containing site.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Publish under this URL instead of site.yaml's base_url (e.g. https://user.github.io/repo/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Treat warnings (missing translations, missing labels, ...) as errors.
    #[arg(long)]
    strict: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Print how long each phase took.
    #[arg(long)]
    timings: bool,
}

impl Common {
    fn options(&self) -> brief::BuildOptions {
        brief::BuildOptions {
            root: self.root.clone(),
            out: None,
            base_url: self.base_url.clone(),
            strict: self.strict,
            drafts: self.drafts,
            external: false,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { common, out } => {
            let mut options = common.options();
            options.out = out;
            let target = options.out_dir();
            run(brief::build(&options), common.timings, |r| {
                if r.up_to_date {
                    return format!(
                        "Nothing changed since the last build: {} is up to date ({} pages; {:.2} s)",
                        target.display(),
                        r.pages,
                        r.elapsed.as_secs_f64()
                    );
                }
                format!(
                    "Built {} pages, {} charts, {} indicators ({} files) in {:.2} s into {}",
                    r.pages,
                    r.charts,
                    r.indicators,
                    r.files,
                    r.elapsed.as_secs_f64(),
                    target.display()
                )
            })
        }
        Command::Check { common, external } => {
            let mut options = common.options();
            options.external = external;
            run(brief::check(&options), common.timings, |r| {
                if let Some(audit) = &r.audit {
                    print!("{audit}");
                }
                format!(
                    "Checked {} pages, {} charts, {} indicators in {:.2} s: no errors",
                    r.pages,
                    r.charts,
                    r.indicators,
                    r.elapsed.as_secs_f64()
                )
            })
        }

        Command::Serve { root, port, open, drafts } => {
            let mut build = brief::BuildOptions::new(root);
            build.drafts = drafts;
            let options = brief::serve::ServeOptions { build, port, open };
            let result = brief::serve::serve(options, |address| {
                println!("Serving at {address} (Ctrl+C to stop); watching for changes");
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { dir } => match brief::new_project(&dir) {
            Ok(files) => {
                println!("Created a new brief in {} ({} files).", dir.display(), files.len());
                println!("Next: cd {} && brief build   (or: brief serve)", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run(
    result: Result<brief::BuildReport, brief::Error>,
    timings: bool,
    summary: impl Fn(&brief::BuildReport) -> String,
) -> ExitCode {
    match result {
        Ok(report) => {
            print_warnings(&report.warnings);
            if timings {
                for (phase, took) in &report.timings {
                    eprintln!("{:>10.1} ms  {phase}", took.as_secs_f64() * 1000.0);
                }
            }
            let warnings = match report.warnings.len() {
                0 => String::new(),
                n => format!(", {n} warning(s)"),
            };
            println!("{}{warnings}", summary(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("Nothing was written: the previous output, if any, is unchanged.");
            ExitCode::FAILURE
        }
    }
}

/// Prints warnings, at most 20 of them, then how many more there are.
fn print_warnings(warnings: &[brief::Warning]) {
    const SHOWN: usize = 20;
    for w in warnings.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > SHOWN {
        eprintln!("warning: ... and {} more (run `brief check` to list them all)", warnings.len() - SHOWN);
    }
}
