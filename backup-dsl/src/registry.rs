//! Layer 2, the model.
//!
//! Stack definitions as the `synth` runner sees them: a name, typed parameters with defaults, and
//! a function that builds the stack from arguments. `stack!` generates one per component.

use crate::model::Stack;

/// The type of a stack parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `&str` or `String`.
    Str,
    /// An integer type.
    Int,
    /// `bool`.
    Bool,
}

/// One parameter of a stack component.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The Rust parameter name (`env`).
    pub name: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// The default `synth` uses when `--param` does not give it (`#[default("dev")]`).
    pub default: Option<&'static str>,
    /// The values it accepts (`#[one_of("dev", "prod")]`); empty: any value of its type.
    pub one_of: &'static [&'static str],
}

/// A stack component the runner can list, explain and synthesize.
#[derive(Clone, Copy, Debug)]
pub struct StackDef {
    /// The component name (the function name).
    pub name: &'static str,
    /// Its documentation (the function's doc comment).
    pub doc: &'static str,
    /// Its parameters.
    pub params: &'static [Param],
    /// Builds the (unchecked) stack from arguments.
    pub build: fn(&Args) -> Result<Stack, String>,
    /// Where the component was declared (set by `stack!`; `None` for a definition written by
    /// hand): `synth --watch` reads and follows it.
    pub source: Option<SourceRef>,
}

/// The source a compiled component came from.
#[derive(Clone, Copy, Debug)]
pub struct SourceRef {
    /// The file of the `stack!` invocation, as the compiler names it (`file!()`: relative to
    /// the workspace root for a workspace member).
    pub file: &'static str,
    /// The declaring crate's directory (`CARGO_MANIFEST_DIR`), to find `file` from.
    pub crate_dir: &'static str,
    /// The invocation as compiled (the source text of its top-level tokens), hashed so that a
    /// reader of the file can tell whether it still holds it (`syntax::relower::fingerprint`,
    /// with the `syntax` feature).
    pub fingerprint: u64,
}

impl SourceRef {
    /// The file's path: `file` where it exists from the current directory, else `file` under
    /// the first ancestor of `crate_dir` that has it.
    pub fn path(&self) -> std::path::PathBuf {
        let file = std::path::Path::new(self.file);
        if file.is_absolute() || file.exists() {
            return file.to_path_buf();
        }
        std::path::Path::new(self.crate_dir)
            .ancestors()
            .map(|dir| dir.join(file))
            .find(|candidate| candidate.exists())
            .unwrap_or_else(|| file.to_path_buf())
    }
}

/// Parsed `--param KEY=VALUE` arguments, complete with defaults.
#[derive(Clone, Debug, Default)]
pub struct Args {
    values: Vec<(String, String)>,
}

impl Args {
    fn raw(&self, name: &str) -> Result<&str, String> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("missing parameter `{name}`"))
    }

    /// A string parameter.
    pub fn string(&self, name: &str) -> Result<String, String> {
        self.raw(name).map(str::to_string)
    }

    /// An integer parameter, converted to the function's integer type.
    pub fn int<T: TryFrom<i64>>(&self, name: &str) -> Result<T, String> {
        let raw = self.raw(name)?;
        let wide: i64 = raw
            .trim()
            .parse()
            .map_err(|_| format!("parameter `{name}` must be an integer, got `{raw}`"))?;
        T::try_from(wide).map_err(|_| format!("parameter `{name}` is out of range: {wide}"))
    }

    /// A boolean parameter (`true`/`false`).
    pub fn boolean(&self, name: &str) -> Result<bool, String> {
        match self.raw(name)? {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!(
                "parameter `{name}` must be `true` or `false`, got `{other}`"
            )),
        }
    }
}

impl StackDef {
    /// Validates `given` against the parameters, fills in defaults and builds the stack.
    pub fn instantiate(&self, given: &[(String, String)]) -> Result<Stack, String> {
        let mut values = Vec::new();
        for (k, v) in given {
            if !self.params.iter().any(|p| p.name == k) {
                let names: Vec<&str> = self.params.iter().map(|p| p.name).collect();
                let hint = match crate::diag::did_you_mean(k, names.iter().copied()) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None if names.is_empty() => "; it takes no parameters".to_string(),
                    None => format!("; it takes {}", names.join(", ")),
                };
                return Err(format!(
                    "stack `{}` has no parameter `{k}`{hint}",
                    self.name
                ));
            }
            let param = self.params.iter().find(|p| p.name == k);
            if let Some(p) = param.filter(|p| !p.one_of.is_empty()) {
                if !p.one_of.contains(&v.as_str()) {
                    let hint = crate::diag::did_you_mean(v, p.one_of.iter().copied())
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(format!(
                        "parameter `{k}` of stack `{}` is one of {}; got `{v}`{hint}",
                        self.name,
                        p.one_of
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            values.push((k.clone(), v.clone()));
        }
        let instance = self.instance_name(&values);
        for p in self.params {
            if !values.iter().any(|(k, _)| k == p.name) {
                match p.default {
                    Some(d) => values.push((p.name.to_string(), d.to_string())),
                    None => {
                        return Err(format!(
                            "stack `{}` needs `--param {}=<value>`",
                            self.name, p.name
                        ))
                    }
                }
            }
        }
        (self.build)(&Args { values }).map(|stack| stack.named(instance))
    }

    /// The instance name: the stack's name, then the value of every parameter given that differs
    /// from its default, in declaration order (`backup_core` for the defaults, `backup_core-prod`
    /// for `env=prod`). Two instances of one stack never share output files, CloudFormation
    /// stack names or Terraform resource names; `Stack::named` (and `synth --name`) chooses
    /// another.
    pub fn instance_name(&self, given: &[(String, String)]) -> String {
        let mut name = self.name.to_string();
        for p in self.params {
            let Some((_, v)) = given.iter().rev().find(|(k, _)| k == p.name) else {
                continue;
            };
            if p.default != Some(v.as_str()) {
                name.push('-');
                name.extend(
                    v.chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
                );
            }
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PARAMS: &[Param] = &[
        Param {
            name: "env",
            kind: ParamKind::Str,
            default: Some("dev"),
            one_of: &["dev", "staging", "prod"],
        },
        Param {
            name: "days",
            kind: ParamKind::Int,
            default: Some("35"),
            one_of: &[],
        },
    ];

    fn def() -> StackDef {
        StackDef {
            name: "core",
            doc: "",
            params: PARAMS,
            build: |_| Ok(Stack::new("core", "us-east-1")),
            source: None,
        }
    }

    fn given(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn instance_names_follow_the_parameters_that_differ() {
        let d = def();
        assert_eq!(d.instance_name(&given(&[])), "core");
        assert_eq!(d.instance_name(&given(&[("env", "dev")])), "core");
        assert_eq!(d.instance_name(&given(&[("env", "prod")])), "core-prod");
        assert_eq!(
            d.instance_name(&given(&[("days", "90"), ("env", "eu prod")])),
            "core-eu-prod-90",
            "declaration order, and only name characters"
        );
        assert_eq!(
            d.instantiate(&given(&[("env", "prod")])).unwrap().name,
            "core-prod"
        );
    }

    #[test]
    fn one_of_is_checked_when_given() {
        let d = def();
        assert_eq!(
            d.instantiate(&given(&[("env", "prdo")])).unwrap_err(),
            "parameter `env` of stack `core` is one of `dev`, `staging`, `prod`; got `prdo`; did you mean `prod`?"
        );
        assert!(d
            .instantiate(&given(&[("env", "staging"), ("days", "7")]))
            .is_ok());
    }
}
