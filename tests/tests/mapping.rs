//! The field-place table (`schema::Places`) against the outputs: for the every-field stack and
//! the bundled stacks, every field a resource sets is found at the place its schema declares, in
//! the CloudFormation template, the Terraform document and the API request that apply would
//! send. An output that drops a field, or a declaration that names the wrong member, fails here.

use backup_dsl::apply::desired::{self, derivable, is_applied, Attrs, Known};
use backup_dsl::emit::mapped::get_path;
use backup_dsl::emit::{cfn, terraform};
use backup_dsl::model::logical_id;
use backup_dsl::rules::org;
use backup_dsl::schema::{How, Output, Place, StructDef, Ty};
use backup_dsl::{CheckedStack, Object, Resource, Stack, Value};
use serde_json::Value as Json;

/// Where a resource's units are in each output.
struct Outputs {
    cfn: Vec<Json>,
    /// `Null` when the Terraform emitter refuses the stack (BK303).
    terraform: Json,
    prefix: String,
}

fn outputs(stack: &CheckedStack) -> Outputs {
    let mut templates: Vec<Json> = cfn::emit(stack)
        .map(|o| o.templates.into_iter().map(|t| t.body).collect())
        .unwrap_or_default();
    // An organization deployment's member part is the template its StackSet carries.
    if org::deployment(stack.stack()).is_some() {
        templates.extend(cfn::member_template(stack.stack()).ok());
    }
    Outputs {
        cfn: templates,
        terraform: terraform::emit(stack).unwrap_or(Json::Null),
        prefix: String::new(),
    }
}

/// Every attribute apply could know, made up, so that each reference renders.
fn everything_known(stack: &Stack) -> Known {
    let mut known = Known::new("111122223333");
    for r in &stack.resources {
        let attrs = derivable(stack, r, "111122223333").unwrap_or_default();
        known.learn(
            &r.id,
            Attrs {
                arn: Some(
                    attrs
                        .arn
                        .unwrap_or_else(|| format!("arn:aws:test:::{}", r.id)),
                ),
                name: Some(attrs.name.unwrap_or_else(|| r.id.clone())),
                id: Some(format!("{}-id", r.id)),
            },
        );
    }
    known
}

/// The JSON of one unit of a resource in an output: `None` is its main unit.
fn unit(
    outs: &Outputs,
    stack: &Stack,
    res: &Resource,
    output: Output,
    unit: Option<&str>,
) -> Option<Json> {
    match output {
        Output::Cfn => {
            let lid = logical_id(&res.id);
            match unit {
                None => outs
                    .cfn
                    .iter()
                    .find_map(|t| t["Resources"].get(&lid))
                    .map(|r| r["Properties"].clone()),
                // A companion resource (`AWS::S3::BucketPolicy`), named after the resource: the
                // shortest such name is its own (`Logs` before `LogsArchive`).
                Some(ty) => outs
                    .cfn
                    .iter()
                    .flat_map(|t| t["Resources"].as_object().into_iter().flatten())
                    .filter(|(k, r)| k.starts_with(&lid) && r["Type"] == ty)
                    .min_by_key(|(k, _)| k.len())
                    .map(|(_, r)| r["Properties"].clone()),
            }
        }
        Output::Terraform => {
            let name = format!("{}{}", outs.prefix, res.id);
            let resources = outs.terraform["resource"].as_object()?;
            match unit {
                None => resources
                    .values()
                    .find_map(|by_name| by_name.get(&name))
                    .cloned(),
                // A companion resource, named `<name>_<what>`: the shortest such name is its own.
                Some(ty) => resources
                    .get(ty)?
                    .as_object()?
                    .iter()
                    .filter(|(k, _)| k.starts_with(&format!("{name}_")))
                    .min_by_key(|(k, _)| k.len())
                    .map(|(_, v)| v.clone()),
            }
        }
        Output::Api => {
            let d = desired::desired(stack, res, &everything_known(stack));
            assert!(d.unknown.is_empty(), "{}: {:?}", res.id, d.unknown);
            match unit {
                None => Some(d.create().members.clone()),
                Some(op) => d.companion(op).map(|c| c.members.clone()),
            }
        }
    }
}

fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

struct Check<'a> {
    outs: &'a Outputs,
    stack: &'a Stack,
    res: &'a Resource,
    output: Output,
    failures: Vec<String>,
    checked: usize,
}

impl Check<'_> {
    fn fail(&mut self, what: String) {
        self.failures.push(format!(
            "{:?}: {} `{}`: {what}",
            self.output, self.res.kind, self.res.id
        ));
    }

    /// The fields of `body` (a resource body or nested struct) against `root`, the JSON at the
    /// struct's own place.
    fn fields(&mut self, def: &StructDef, body: &Object, root: &Json, trail: &str) {
        for field in def.fields {
            let Some(value) = body.get(field.name) else {
                continue;
            };
            // An empty list or map writes nothing, in every output.
            if value.is_empty_list() || value.as_map().is_some_and(<[_]>::is_empty) {
                continue;
            }
            // The one value an output leaves out on purpose: with conditions, the provider
            // takes a restore testing selection without the `*` CloudFormation requires.
            let wildcard_only = matches!(value, Value::List(items) if items.iter().all(|i| i.as_str() == Some("*")));
            if self.output == Output::Terraform
                && def.name == "backup::RestoreTestingSelection"
                && field.name == "resources"
                && wildcard_only
                && body.has("conditions")
            {
                continue;
            }
            let trail = format!("{trail}{}", field.name);
            let (at, path, how) = match field.to.get(self.output) {
                Place::Undeclared => {
                    self.fail(format!("`{trail}` has no declared place"));
                    continue;
                }
                Place::Absent(why) => {
                    assert!(!why.is_empty(), "{trail}: an absence says why");
                    continue;
                }
                Place::At(path, how) => (Some(root.clone()), path, how),
                Place::In(u, path, how) => (
                    unit(self.outs, self.stack, self.res, self.output, Some(u)),
                    path,
                    how,
                ),
            };
            let Some(at) = at else {
                self.fail(format!("`{trail}` is set but its unit is missing"));
                continue;
            };
            match get_path(&at, path) {
                Some(found) if !found.is_null() => {
                    self.checked += 1;
                    self.value(&field.ty, value, how, found, &trail);
                }
                _ => self.fail(format!("`{trail}` is set but nothing is at `{path}`")),
            }
        }
    }

    fn value(&mut self, ty: &Ty, value: &Value, how: How, found: &Json, trail: &str) {
        match how {
            How::Built => {}
            How::Arn | How::Name | How::Id => {
                if let (Value::List(items), Json::Array(got)) = (value, found) {
                    if items.len() != got.len() {
                        self.fail(format!(
                            "`{trail}`: {} references, {} rendered",
                            items.len(),
                            got.len()
                        ));
                    }
                }
            }
            How::TagMap | How::TagList => {
                for (k, v) in value.as_map().unwrap_or_default() {
                    let want = scalar_text(v).unwrap_or_default();
                    let present = match found {
                        Json::Object(o) => o.get(k).map(plain) == Some(want.clone()),
                        Json::Array(items) => items.iter().any(|t| {
                            t["Key"] == Json::String(k.clone()) && plain(&t["Value"]) == want
                        }),
                        _ => false,
                    };
                    if !present {
                        self.fail(format!("`{trail}`: tag `{k}` = `{want}` is missing"));
                    }
                }
            }
            How::Block => {
                let inner = found.get(0).cloned().unwrap_or(Json::Null);
                self.value(ty, value, How::Value, &inner, trail);
            }
            How::Value | How::Or(_) => match (ty, value, found) {
                (Ty::Struct(def), Value::Object(o), _) => {
                    self.fields(def, o, found, &format!("{trail}."))
                }
                (Ty::List(inner), Value::List(items), Json::Array(got)) => {
                    if items.len() != got.len() {
                        self.fail(format!(
                            "`{trail}`: {} items set, {} written",
                            items.len(),
                            got.len()
                        ));
                        return;
                    }
                    for (i, (item, g)) in items.iter().zip(got).enumerate() {
                        self.value(inner, item, How::Value, g, &format!("{trail}[{i}]"));
                    }
                }
                (_, v, found) => {
                    if let Some(want) = scalar_text(v) {
                        // Terraform reads strings as templates: a literal `${` is written `$${`.
                        let written = match self.output {
                            Output::Terraform => {
                                plain(found).replace("$${", "${").replace("%%{", "%{")
                            }
                            _ => plain(found),
                        };
                        if written != want {
                            self.fail(format!("`{trail}` = `{want}`, written `{}`", plain(found)));
                        }
                    }
                }
            },
        }
    }
}

fn check_stack(stack: &CheckedStack, outputs_to_check: &[Output]) -> usize {
    let outs = outputs(stack);
    let model = stack.stack();
    let mut failures = Vec::new();
    let mut checked = 0;
    let organization = org::deployment(model).is_some();
    for res in &model.resources {
        // The policy's plans and selections are written in the policy's own syntax, whose
        // round trip back to the model `organization.rs` tests.
        if !org::in_member_part(model, res) && res.kind != backup_dsl::Kind::OrgDeployment {
            continue;
        }
        for &output in outputs_to_check {
            if output == Output::Api && !is_applied(res.kind) {
                continue;
            }
            // An organization deploys through CloudFormation StackSets from either output, and
            // apply refuses it (BK305): its resources are checked in the templates, and its
            // Terraform resources by `organization.rs`.
            if organization && output != Output::Cfn {
                continue;
            }
            let Some(root) = unit(&outs, model, res, output, None) else {
                failures.push(format!("{output:?}: {} `{}` is missing", res.kind, res.id));
                continue;
            };
            let mut check = Check {
                outs: &outs,
                stack: model,
                res,
                output,
                failures: Vec::new(),
                checked: 0,
            };
            check.fields(res.kind.schema(), &res.body, &root, "");
            failures.extend(check.failures);
            checked += check.checked;
        }
    }
    assert!(
        failures.is_empty(),
        "fields not at their declared places:\n{}",
        failures.join("\n")
    );
    checked
}

#[test]
fn every_field_is_at_its_declared_place_in_all_three_outputs() {
    let stack = backup_dsl_tests::every_field::EVERY_FIELD
        .instantiate(&[])
        .unwrap()
        .build()
        .unwrap_or_else(|r| panic!("{r}"));
    // hashicorp/aws 5.100 cannot express some of its fields (BK303): the Terraform document is
    // checked on the bundled and corpus stacks.
    assert!(terraform::emit(&stack).is_err());
    let checked = check_stack(&stack, &[Output::Cfn, Output::Api]);
    // Every AWS Backup field of the every-field stack, in two outputs: a table that silently
    // maps nothing cannot pass.
    assert!(checked > 150, "only {checked} field places checked");
}

#[test]
fn bundled_and_corpus_stacks_put_every_field_at_its_place() {
    let mut defs: Vec<backup_dsl::StackDef> = backup_dsl_tests::corpus::CORPUS
        .iter()
        .map(|(d, _)| *d)
        .collect();
    defs.extend(stacks::STACKS.iter().copied());
    for def in defs {
        let stack = def
            .instantiate(&[])
            .unwrap()
            .build()
            .unwrap_or_else(|r| panic!("{r}"));
        let outputs: Vec<Output> = Output::ALL
            .into_iter()
            .filter(|o| *o != Output::Terraform || terraform::emit(&stack).is_ok())
            .filter(|o| *o != Output::Cfn || cfn::emit(&stack).is_ok())
            .collect();
        check_stack(&stack, &outputs);
    }
}

#[test]
fn every_kind_declares_every_field_in_every_output() {
    fn walk(def: &StructDef, trail: &str, missing: &mut Vec<String>) {
        for f in def.fields {
            for output in Output::ALL {
                if f.to.get(output) == Place::Undeclared {
                    missing.push(format!("{trail}{} in {output:?}", f.name));
                }
            }
            let nested = match &f.ty {
                Ty::Struct(d) => Some(*d),
                Ty::List(Ty::Struct(d)) => Some(*d),
                _ => None,
            };
            // A field the emitters build by hand (a policy document) has no places inside.
            let built = Output::ALL.into_iter().any(|o| {
                matches!(
                    f.to.get(o),
                    Place::At(_, How::Built) | Place::In(_, _, How::Built)
                )
            });
            if let (Some(d), false) = (nested, built) {
                walk(d, &format!("{trail}{}.", f.name), missing);
            }
        }
    }
    let mut missing = Vec::new();
    for kind in backup_dsl::Kind::ALL {
        walk(kind.schema(), &format!("{kind}."), &mut missing);
    }
    assert!(
        missing.is_empty(),
        "undeclared places:\n{}",
        missing.join("\n")
    );
}
