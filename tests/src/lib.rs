//! Helpers shared by the integration tests: synthesizing the bundled stacks and finding the
//! external validators (cfn-lint, terraform).

pub mod applied;
pub mod corpus;
pub mod every_field;
pub mod organization;

use backup_dsl::emit::{cfn, terraform};
use backup_dsl::CheckedStack;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds a bundled stack with its default parameters.
pub fn bundled(name: &str) -> CheckedStack {
    let def = stacks::STACKS
        .iter()
        .find(|s| s.name == name)
        .expect("bundled stack");
    def.instantiate(&[])
        .expect("defaults instantiate")
        .build()
        .unwrap_or_else(|r| panic!("{r}"))
}

/// `(file name, pretty JSON)` for every CloudFormation output of a stack.
pub fn cfn_files(stack: &CheckedStack) -> Vec<(String, String)> {
    let out = cfn::emit(stack).unwrap_or_else(|r| panic!("{r}"));
    let mut files: Vec<(String, String)> = out
        .templates
        .iter()
        .map(|t| (t.file_name.clone(), backup_dsl::cli::to_pretty(&t.body)))
        .collect();
    files.push((
        format!("{}.manifest.json", stack.name),
        backup_dsl::cli::to_pretty(&out.manifest),
    ));
    if backup_dsl::rules::org::deployment(stack.stack()).is_some() {
        let member = cfn::member_template(stack.stack()).unwrap_or_else(|r| panic!("{r}"));
        files.push((
            format!("{}.member.template.json", stack.name),
            backup_dsl::cli::to_pretty(&member),
        ));
    }
    files
}

/// The Terraform document of a stack.
pub fn tf_file(stack: &CheckedStack) -> (String, String) {
    let doc = terraform::emit(stack).unwrap_or_else(|r| panic!("{r}"));
    (
        format!("{}.tf.json", stack.name),
        backup_dsl::cli::to_pretty(&doc),
    )
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether missing validators fail the test (the README's test command sets this).
pub fn validators_required() -> bool {
    std::env::var("BACKUP_DSL_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Reports a missing tool loudly; panics when validators are required.
pub fn missing_tool(tool: &str, how: &str) {
    let msg = format!(
        "\n!!!!!!!!!!\n!!! {tool} NOT FOUND: this validation did NOT run. {how}\n!!!!!!!!!!\n"
    );
    eprintln!("{msg}");
    assert!(!validators_required(), "{msg}");
}

/// The cfn-lint to run: `$CFN_LINT`, the project venv's, or one on PATH.
pub fn cfn_lint() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CFN_LINT") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/cfn-lint");
    if venv.exists() {
        return Some(venv);
    }
    Command::new("cfn-lint")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("cfn-lint"))
}

/// Runs cfn-lint on every CloudFormation template of `stacks`, one cfn-lint run per Region,
/// and fails the test on an error (warnings are shown, not failed); loud when cfn-lint is
/// missing. `what` names the stacks in the failure message.
pub fn cfn_lint_stacks<'a>(what: &str, stacks: impl IntoIterator<Item = &'a CheckedStack>) {
    let outputs: Vec<(String, cfn::CfnOutput)> = stacks
        .into_iter()
        .map(|stack| {
            let out = cfn::emit(stack).unwrap_or_else(|r| panic!("{}: {r}", stack.name));
            (stack.name.clone(), out)
        })
        .collect();
    cfn_lint_outputs(what, &outputs);
}

/// Runs cfn-lint on emitted templates, `(stack name, output)`, one run per Region.
pub fn cfn_lint_outputs(what: &str, outputs: &[(String, cfn::CfnOutput)]) {
    let Some(lint) = cfn_lint() else {
        return missing_tool(
            "cfn-lint",
            "Install it with the README's test command (pinned, in .venv).",
        );
    };
    let dir = scratch(&format!("cfn-lint-{what}"));
    let mut by_region: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (name, out) in outputs {
        for t in &out.templates {
            let path = dir.join(format!("{name}-{}", t.file_name));
            std::fs::write(&path, backup_dsl::cli::to_pretty(&t.body)).unwrap();
            match by_region.iter_mut().find(|(r, _)| *r == t.region) {
                Some((_, paths)) => paths.push(path),
                None => by_region.push((t.region.clone(), vec![path])),
            }
        }
    }
    for (region, paths) in by_region {
        let st = Command::new(&lint)
            .args(["--regions", &region, "--"])
            .args(&paths)
            .output()
            .unwrap();
        let code = st.status.code().unwrap_or(-1);
        assert!(
            code >= 0 && code & 3 == 0,
            "cfn-lint found errors in the {what} ({region}, exit {code}):\n{}{}",
            String::from_utf8_lossy(&st.stdout),
            String::from_utf8_lossy(&st.stderr)
        );
    }
}

/// The folder holding a local filesystem mirror of the hashicorp/aws provider, if this machine
/// has one: `$TF_PROVIDER_MIRROR`, or the folder CI machines keep it in.
pub fn provider_mirror() -> Option<PathBuf> {
    let configured = std::env::var_os("TF_PROVIDER_MIRROR").map(PathBuf::from);
    configured
        .into_iter()
        .chain([PathBuf::from("/opt/tf-plugins")])
        .find(|dir| dir.join("registry.terraform.io/hashicorp/aws").is_dir())
}

/// `terraform`, and where a provider mirror is found ([`provider_mirror`]) a CLI config that
/// installs hashicorp/aws from it; without one, `terraform init` installs the provider the normal
/// way (from its registry, through the network).
pub fn terraform() -> Option<(PathBuf, Option<PathBuf>)> {
    let ok = Command::new("terraform")
        .arg("version")
        .output()
        .ok()
        .is_some_and(|o| o.status.success());
    if !ok {
        return None;
    }
    let Some(mirror) = provider_mirror() else {
        eprintln!("no hashicorp/aws filesystem mirror found (TF_PROVIDER_MIRROR); terraform init installs the provider itself");
        return Some((PathBuf::from("terraform"), None));
    };
    // Written once per test process: the tests of one binary run on threads of one process, and
    // `scratch` empties its folder, so a second writer would remove the file under a running
    // `terraform init` of the first.
    static CONFIG: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let config = scratch("tfrc").join("cli.tfrc");
        let text = format!("provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n", mirror.display());
        std::fs::write(&config, text).unwrap();
        config
    });
    Some((PathBuf::from("terraform"), Some(config.clone())))
}

/// Runs `terraform init` and `terraform validate` on one Terraform JSON document; fails the test
/// on any error, and loudly when terraform is missing.
pub fn terraform_validate(name: &str, doc: &str) {
    let Some((tf, config)) = terraform() else {
        return missing_tool(
            "terraform",
            "Install terraform; set TF_PROVIDER_MIRROR to a folder holding registry.terraform.io to work offline.",
        );
    };
    let dir = scratch(name);
    std::fs::write(dir.join("main.tf.json"), doc).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = Command::new(&tf);
        cmd.args(args)
            .current_dir(&dir)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1");
        if let Some(config) = &config {
            cmd.env("TF_CLI_CONFIG_FILE", config);
        }
        cmd.output().unwrap()
    };
    let init = run(&["init", "-backend=false", "-input=false", "-no-color"]);
    assert!(
        init.status.success(),
        "terraform init failed:\n{}{}",
        String::from_utf8_lossy(&init.stdout),
        String::from_utf8_lossy(&init.stderr)
    );
    let validate = run(&["validate", "-no-color"]);
    assert!(
        validate.status.success(),
        "terraform validate failed for {name}:\n{}{}",
        String::from_utf8_lossy(&validate.stdout),
        String::from_utf8_lossy(&validate.stderr)
    );
}

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The local AWS emulator for the tests: moto's server (pinned in tests/requirements.txt, run
/// from the project's `.venv` or `$MOTO_PYTHON`) through `tests/moto_server.py`, which fixes
/// where moto departs from AWS.
pub mod moto {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    /// Where the servers' request logs go, to read when a test fails.
    pub fn log_dir() -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-scratch");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The Python that has moto's server, if any; says so loudly when there is none.
    pub fn python() -> Option<PathBuf> {
        let python = std::env::var_os("MOTO_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python")
            });
        let has_moto = python.exists()
            && Command::new(&python)
                .args(["-c", "import moto.server, flask, boto3"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if !has_moto {
            crate::missing_tool(
                "moto[server]",
                "Run scripts/test.sh, which installs moto[server] from tests/requirements.txt into .venv.",
            );
            return None;
        }
        Some(python)
    }

    /// moto's server on a free port of 127.0.0.1, killed on drop.
    pub struct MotoServer {
        child: Child,
        /// The port it listens on.
        pub port: u16,
    }

    impl MotoServer {
        /// Starts it (at most 30 s to listen); `None` when moto is not installed.
        pub fn start() -> Option<MotoServer> {
            let python = python()?;
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let child = Command::new(python)
                .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("moto_server.py"))
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(log_dir().join(format!("moto-{port}.log"))).unwrap())
                .spawn()
                .expect("moto_server starts");
            let server = MotoServer { child, port };
            for _ in 0..300 {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Some(server);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            panic!("moto_server did not listen on 127.0.0.1:{port} within 30 s");
        }

        /// Its endpoint.
        pub fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        /// Forgets every resource (moto's own reset endpoint).
        pub fn reset(&self) {
            let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            write!(s, "POST /moto-api/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
            let mut reply = String::new();
            let _ = s.read_to_string(&mut reply);
            assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        }
    }

    impl Drop for MotoServer {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
