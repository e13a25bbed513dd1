//! Layer 3, the rules.
//!
//! The model's own checks: fields and types against the schema, references, ids, Regions, tags.

use super::names::{looks_like_region, tag_problem, REGIONS};
use super::Cx;
use crate::codes::*;
use crate::diag::did_you_mean;
use crate::model::{logical_id, logical_id_chars, Resource, Stack};
use crate::schema::{Kind, StructDef, Ty};
use crate::value::{Object, Value};

/// Runs the structural checks.
pub fn check(cx: &mut Cx) {
    check_visiting(cx, &mut |_, _| {});
}

/// [`check`], calling `visit` for each resource in its walk of every resource, after the
/// resource's own checks, while its fields are in the cache.
pub fn check_visiting<'a>(cx: &mut Cx<'a>, visit: &mut dyn FnMut(&mut Cx<'a>, &'a Resource)) {
    parameter_values(cx);
    stack_tags_and_outputs(cx);
    // The checks that compare each resource with those before it (its logical id, its physical
    // name) run in the walk too, into reports of their own that take the places in the check's
    // report that their passes of their own had (before and after the walk's findings).
    let logical_ids_at = cx.report.diagnostics.len();
    let stack = cx.stack;
    let mut logical_ids = Unique::new(stack.resources.len());
    let mut physical_names = Unique::new(0);
    stack_region_known(cx);
    let mut path = String::new();
    for (i, res) in stack.resources.iter().enumerate() {
        crate::model::prefetch_ahead(&stack.resources, i);
        logical_id_unique(stack, i, &mut logical_ids);
        path.clear();
        check_struct(cx, res, &mut path, &res.body, res.kind.schema());
        if let Some(region) = res.body.str("region") {
            region_known(cx, &res.id, "region", region);
        }
        // Every other rule family goes over the resources again; what they ask of each one
        // in general (its Region, its references) is learned now, while its fields are in the
        // cache (one stack of 10,000 resources: BENCHMARKS.md).
        cx.learn(i, &mut path);
        physical_name_unique(cx, i, &mut physical_names);
        visit(cx, res);
    }
    cx.report.diagnostics.splice(
        logical_ids_at..logical_ids_at,
        logical_ids.report.diagnostics,
    );
    cx.learned_all();
    reference_cycles(cx);
    self_references(cx);
    cx.report
        .diagnostics
        .extend(physical_names.report.diagnostics);
}

/// What a uniqueness check of the walk has seen, and what it found.
struct Unique {
    seen: crate::hash::FirstSeen,
    report: crate::diag::Report,
}

impl Unique {
    fn new(resources: usize) -> Self {
        Unique {
            seen: crate::hash::FirstSeen::with_capacity(resources),
            report: crate::diag::Report::default(),
        }
    }
}

/// BK217. A parameter declared with `#[one_of(..)]` takes one of those values, as Terraform's
/// variable validation blocks check theirs. `synth` checks a given value before building; this
/// covers a stack built from Rust with any value.
fn parameter_values(cx: &mut Cx) {
    for p in &cx.stack.parameters {
        if p.one_of.is_empty() || p.one_of.contains(&p.value) {
            continue;
        }
        let listed: Vec<String> = p.one_of.iter().map(|v| format!("`{v}`")).collect();
        let d = cx.report.error(
            &BK217,
            "",
            "",
            format!(
                "parameter `{}` is one of {}; got `{}`",
                p.name,
                listed.join(", "),
                p.value
            ),
        );
        match did_you_mean(&p.value, p.one_of.iter().map(String::as_str)) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "pass one of {}, or add the value to `#[one_of(..)]`",
                listed.join(", ")
            )),
        };
    }
}

/// BK141 for the stack's own tags (every resource that takes tags gets them), and BK204/BK140 for
/// its outputs: each names a resource of the stack with an ARN (a selection publishes its id).
fn stack_tags_and_outputs(cx: &mut Cx) {
    for (i, (key, value)) in cx.stack.tags.iter().enumerate() {
        let text = value.as_str().unwrap_or("");
        if let Some(problem) = tag_problem(key, text) {
            let about_key = problem.starts_with("tag key");
            let d = cx.report.error(&BK141, "", &format!("tags[{i}]"), problem);
            d.help("fix or remove the tag");
            if about_key {
                d.at_key();
            }
        }
    }
    for (i, id) in cx.stack.outputs.iter().enumerate() {
        let path = format!("outputs[{i}]");
        match cx.get(id) {
            None => {
                let d = cx.report.error(
                    &BK204,
                    "",
                    &path,
                    format!("cannot find `{id}` in this stack"),
                );
                match did_you_mean(id, cx.stack.resources.iter().map(|r| r.id.as_str())) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help("name a resource the stack declares"),
                };
            }
            Some(r) if !Kind::HAS_OUTPUT.contains(&r.kind) => {
                cx.report
                    .error(
                        &BK140,
                        "",
                        &path,
                        format!(
                            "`{id}` is a `{}`, which has no ARN to publish",
                            r.kind.dsl_path()
                        ),
                    )
                    .help("publish a vault, plan, selection, key, role, bucket, table, topic, function, log group, framework, report plan or restore testing plan");
            }
            Some(_) => {}
        }
    }
}

/// A finding about a value that holds the value of a parameter differing from its default names
/// the parameter as the cause (`--param env=pre-prod` makes a framework name invalid: the note
/// says `env` is why, not only the computed name).
pub fn name_parameters(stack: &crate::Stack, report: &mut crate::Report) {
    let given: Vec<&crate::model::Parameter> = stack
        .parameters
        .iter()
        .filter(|p| p.value.len() >= 2 && p.default.as_deref() != Some(p.value.as_str()))
        .collect();
    if given.is_empty() {
        return;
    }
    for d in &mut report.diagnostics {
        for p in &given {
            if contains_delimited(&d.message, &p.value) {
                d.related.push((
                    String::new(),
                    String::new(),
                    format!("the value holds parameter `{}` = `{}`", p.name, p.value),
                ));
            }
        }
    }
}

/// Whether `needle` occurs in `text` as a whole word (not inside a longer name: `dev` is not in
/// `device`).
fn contains_delimited(text: &str, needle: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric();
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Invariant: logical ids are unique, and stay unique once made alphanumeric for CloudFormation
/// (`role_1` and `role1` would both become `Role1`). The resource at `i` against those before it.
fn logical_id_unique(stack: &Stack, i: usize, unique: &mut Unique) {
    let resources = &stack.resources;
    let a = &resources[i];
    let digest = {
        use std::hash::Hasher;
        let mut h = crate::hash::Fnv::default();
        for c in logical_id_chars(&a.id) {
            h.write_u32(u32::from(c));
        }
        h.finish()
    };
    let same =
        |earlier: usize| logical_id_chars(&resources[earlier].id).eq(logical_id_chars(&a.id));
    let Some(first) = unique.seen.earlier(digest, i, same) else {
        return;
    };
    let b = &resources[first];
    let msg = if b.id == a.id {
        format!("`{}` is declared twice", a.id)
    } else {
        format!(
            "`{}` and `{}` both become the CloudFormation logical id `{}`",
            b.id,
            a.id,
            logical_id(&a.id)
        )
    };
    unique
        .report
        .error(&BK206, &a.id, "", msg)
        .note(&b.id, "", "first declared here")
        .help("rename one of the two bindings");
}

fn stack_region_known(cx: &mut Cx) {
    if let Some(region) = cx.stack.region.as_str() {
        region_known(cx, "", "", region);
    }
}

/// Invariant: Regions are real Region codes. A well-formed code AWS may have added after this
/// release is only a warning: a false error would block a valid deploy.
fn region_known(cx: &mut Cx, res: &str, path: &str, region: &str) {
    if REGIONS.contains(&region) {
        return;
    }
    if looks_like_region(region) {
        let hint = did_you_mean(region, REGIONS.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        cx.report
            .warning(
                &BK208,
                res,
                path,
                format!("`{region}` is not a Region this release knows"),
            )
            .help(format!(
                "{hint}if the Region is new, allow this warning with `#![allow(BK208)]`"
            ));
    } else {
        let d = cx.report.error(
            &BK208,
            res,
            path,
            format!("`{region}` is not an AWS Region code"),
        );
        match did_you_mean(region, REGIONS.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help("write a Region code such as `us-east-1`"),
        };
    }
}

/// Whether a struct's written type name, whitespace taken out (`Lock`, `backup::Lock`), names
/// `def`: the whole path or its last segments.
fn type_name_matches(written: &str, def: &str) -> bool {
    written == def
        || def
            .strip_suffix(written)
            .is_some_and(|head| head.ends_with("::"))
}

/// Checks a struct against its definition. `path` is the struct's field path, a buffer that is
/// extended for each field and cut back, so that a path string is only made for a finding.
fn check_struct(
    cx: &mut Cx,
    res: &Resource,
    path: &mut String,
    obj: &Object,
    def: &'static StructDef,
) {
    if let Some(written) = &obj.type_name {
        // `backup :: Lock` as `backup::Lock`; most names have no whitespace to take out.
        let compact: std::borrow::Cow<str> = if written.contains(char::is_whitespace) {
            written.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            written.as_str().into()
        };
        if !type_name_matches(&compact, def.name) {
            cx.report
                .error(
                    &BK210,
                    &res.id,
                    path,
                    format!("expected `{}`, found `{compact}`", def.name),
                )
                .at_key()
                .help(format!("write `{} {{ .. }}`", def.name));
        }
    }
    let struct_path = path.len();
    for (i, (name, value)) in obj.fields.iter().enumerate() {
        path.truncate(struct_path);
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(name);
        if obj.fields[..i].iter().any(|(n, _)| n == name) {
            cx.report
                .error(
                    &BK201,
                    &res.id,
                    path,
                    format!("field `{name}` is written twice"),
                )
                .at_key()
                .help("remove one of them");
            continue;
        }
        match def.field(name) {
            Some(fd) => check_value(cx, res, path, value, &fd.ty),
            None => {
                let d = cx.report.error(
                    &BK201,
                    &res.id,
                    path,
                    format!("`{}` has no field `{name}`", def.name),
                );
                d.at_key();
                match did_you_mean(name, def.fields.iter().map(|f| f.name)) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "fields of `{}`: {}",
                        def.name,
                        def.fields
                            .iter()
                            .map(|f| f.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
            }
        }
    }
    path.truncate(struct_path);
    for fd in def.fields.iter().filter(|f| f.required) {
        if !obj.has(fd.name) {
            cx.report
                .error(
                    &BK202,
                    &res.id,
                    path,
                    format!("`{}` is missing required field `{}`", def.name, fd.name),
                )
                .at_key()
                .help(format!(
                    "add `{}: ..` ({}: {})",
                    fd.name,
                    fd.ty.describe(),
                    fd.doc
                ));
        }
    }
}

/// The first key given twice in a map.
fn duplicate_key(pairs: &[(String, Value)]) -> Option<String> {
    pairs
        .iter()
        .enumerate()
        .find(|(i, (k, _))| pairs[..*i].iter().any(|(other, _)| other == k))
        .map(|(_, (k, _))| k.clone())
}

/// Maps whose keys AWS requires unique (tags, environment variables, options, dimensions,
/// attributes, metadata). Tag conditions may repeat a key (CloudFormation lists them), and
/// framework parameters have their own rule (BK068).
fn unique_keys(path: &str) -> bool {
    matches!(
        crate::rules::last_segment(path),
        "tags"
            | "recovery_point_tags"
            | "environment"
            | "options"
            | "dimensions"
            | "attributes"
            | "metadata_overrides"
    )
}

fn check_value(cx: &mut Cx, res: &Resource, path: &mut String, value: &Value, ty: &'static Ty) {
    if value.is_unknown() {
        return;
    }
    let ok = match (ty, value) {
        (Ty::Str, Value::Str(_)) | (Ty::Int, Value::Int(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Enum(allowed), Value::Str(s)) => {
            if !allowed.contains(&s.as_str()) {
                let d = cx.report.error(
                    &BK203,
                    &res.id,
                    path,
                    format!("`{s}` is not one of {}", crate::schema::quote_list(allowed)),
                );
                if let Some(sugg) = did_you_mean(s, allowed.iter().copied()) {
                    d.help(format!("did you mean `{sugg}`?"));
                } else {
                    d.help(format!("use one of {}", crate::schema::quote_list(allowed)));
                }
            }
            true
        }
        (Ty::OpenEnum(known, shaped), Value::Str(s)) => {
            if !known.contains(&s.as_str()) {
                let hint = did_you_mean(s, known.iter().copied())
                    .map(|sugg| format!("did you mean `{sugg}`? "))
                    .unwrap_or_default();
                if shaped(s) {
                    cx.report
                        .warning(
                            &BK203,
                            &res.id,
                            path,
                            format!("`{s}` is not one this release knows"),
                        )
                        .help(format!(
                            "{hint}if it is new, allow this warning with `#![allow(BK203)]`"
                        ));
                } else {
                    cx.report
                        .error(
                            &BK203,
                            &res.id,
                            path,
                            format!("`{s}` is not one of {}", crate::schema::quote_list(known)),
                        )
                        .help(format!("{hint}use one of the values listed"));
                }
            }
            true
        }
        (Ty::Ref(kinds), Value::Ref(id)) => {
            check_reference(cx, res, path, id, kinds);
            true
        }
        (Ty::Ref(_), Value::Str(_)) => true,
        (Ty::List(inner), Value::List(items)) => {
            let list_path = path.len();
            for (i, item) in items.iter().enumerate() {
                crate::value::push_index(path, i);
                check_value(cx, res, path, item, inner);
                path.truncate(list_path);
            }
            true
        }
        // `[]` is an empty map as much as an empty list: the syntax cannot tell them apart.
        (Ty::Map | Ty::RefMap, Value::List(items)) if items.is_empty() => true,
        (Ty::Map | Ty::RefMap, Value::Map(pairs))
            if duplicate_key(pairs).is_some() && unique_keys(path) =>
        {
            let key = duplicate_key(pairs).unwrap_or_default();
            let code = if crate::rules::last_segment(path).ends_with("tags") {
                &BK141
            } else {
                &BK203
            };
            cx.report
                .error(
                    code,
                    &res.id,
                    path,
                    format!("key `{key}` is given twice; keys are unique"),
                )
                .help("keep one entry per key");
            true
        }
        (Ty::Map, Value::Map(pairs)) => {
            for (k, v) in pairs {
                if !(matches!(v, Value::Str(_) | Value::Int(_)) || v.is_unknown()) {
                    cx.report.error(
                        &BK203,
                        &res.id,
                        path,
                        format!(
                            "map value of `{k}` must be a string, found {}",
                            v.describe()
                        ),
                    );
                }
            }
            // A selection's `tags` are conditions (`ListOfTags`), whose keys AWS's own examples
            // write `aws:ResourceTag/<key>` [API `Condition`]: the resource-tag rule does not apply.
            if res.kind == Kind::Selection && *path == "tags" {
                for (k, _) in pairs {
                    if let Err(problem) = crate::schema::check_resource_tag_condition_key(k) {
                        cx.report
                            .error(
                                &BK141,
                                &res.id,
                                path,
                                format!("tag condition key `{k}` {problem}"),
                            )
                            .help(
                                "write the tag key alone (`backup`) or as `aws:ResourceTag/backup`",
                            );
                    }
                }
            } else if crate::rules::last_segment(path) == "tags" {
                for (k, v) in pairs {
                    // An integer value is at most 20 characters: only strings can be too long.
                    let text = v.as_str().unwrap_or("");
                    if let Some(problem) = tag_problem(k, text) {
                        cx.report
                            .error(&BK141, &res.id, path, problem)
                            .help("fix or remove the tag");
                    }
                }
            }
            true
        }
        (Ty::Either(a, b), v) => {
            let struct_side = |t: &Ty| matches!(t, Ty::Struct(_));
            let side = if matches!(v, Value::Object(_)) == struct_side(a) {
                a
            } else {
                b
            };
            check_value(cx, res, path, v, side);
            true
        }
        (Ty::RefMap, Value::Map(pairs)) => {
            for (k, v) in pairs {
                match v {
                    Value::Str(_) | Value::Int(_) => {}
                    v if v.is_unknown() => {}
                    Value::Ref(id) => check_reference(cx, res, path, id, crate::schema::ANY_KIND),
                    other => {
                        cx.report
                            .error(
                                &BK203,
                                &res.id,
                                path,
                                format!(
                                    "map value of `{k}` must be a string or a reference, found {}",
                                    other.describe()
                                ),
                            )
                            .help("write a string, a number or a resource");
                    }
                }
            }
            true
        }
        (Ty::Struct(def), Value::Object(obj)) => {
            check_struct(cx, res, path, obj, def);
            true
        }
        _ => false,
    };
    if !ok {
        let d = cx.report.error(
            &BK203,
            &res.id,
            path,
            format!("expected {}, found {}", ty.describe(), value.describe()),
        );
        if let (Ty::Str | Ty::Enum(_) | Ty::OpenEnum(..), Value::Ref(id)) = (ty, value) {
            d.help(format!(
                "`{id}` is an identifier; write a string literal, `format!(..)` or a parameter"
            ));
        } else if let Ty::Struct(def) = ty {
            d.help(format!("write `{} {{ .. }}`", def.name));
        } else {
            d.help(format!("write {}", ty.describe()));
        }
    }
}

/// Invariant: a reference names a declared resource of a kind the field accepts.
fn check_reference(cx: &mut Cx, res: &Resource, path: &str, id: &str, kinds: &[Kind]) {
    match cx.get(id) {
        None if cx.stack.excluded.iter().any(|e| e.id == id) => {
            let conditions: Vec<&str> = cx
                .stack
                .excluded
                .iter()
                .filter(|e| e.id == id)
                .map(|e| e.condition.as_str())
                .collect();
            let when = conditions.join("` or `");
            cx.report
                .error(
                    &BK215,
                    &res.id,
                    path,
                    format!("`{id}` is declared only when `{when}`, which does not hold here"),
                )
                .help(format!(
                    "reference `{id}` only under the same condition (`if {} {{ .. }}`, as a field value too), or declare it in every branch",
                    conditions[0]
                ));
        }
        None => {
            let d = cx.report.error(
                &BK204,
                &res.id,
                path,
                format!("cannot find `{id}` in this stack"),
            );
            match did_you_mean(id, cx.stack.resources.iter().map(|r| r.id.as_str())) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("declare it with `let {id} = ...;`, or give an existing resource's ARN as a string")),
            };
        }
        Some(target) if !kinds.contains(&target.kind) => {
            let wanted: Vec<_> = kinds
                .iter()
                .map(|k| format!("`{}`", k.dsl_path()))
                .collect();
            cx.report
                .error(
                    &BK140,
                    &res.id,
                    path,
                    format!(
                        "`{}` expects a {}, but `{id}` is a `{}`",
                        crate::rules::last_segment(path),
                        wanted.join(" or "),
                        target.kind.dsl_path()
                    ),
                )
                .note(&target.id, "", format!("`{id}` is declared here"))
                .help(format!("name a {} here", wanted.join(" or ")));
        }
        Some(_) => {}
    }
}

/// Invariant: CloudFormation and Terraform need an order to create resources in.
/// Invariant: a resource references itself only where its ARN can be written from its name (a
/// vault access policy or a bucket policy naming its own vault or bucket): anything else is
/// `Fn::GetAtt` of itself, a circular dependency CloudFormation and Terraform reject. A role
/// trusting itself is refused by IAM, which checks that principals exist when the trust policy is
/// written (and the role does not yet): a warning, since the role may be updated in place later.
fn self_references(cx: &mut Cx) {
    let stack = cx.stack;
    for reference in cx.references().iter() {
        let (from, path) = (&stack.resources[reference.from], &reference.path);
        if from.id != stack.resources[reference.to].id {
            continue;
        }
        // A field that does not take this kind at all is BK140 already.
        // (Either-typed fields, statement resources, take any kind.)
        let takes_own_kind = match from.kind.schema().ty_at(path) {
            Some(Ty::Ref(kinds)) => kinds.contains(&from.kind),
            _ => true,
        };
        if !takes_own_kind {
            continue;
        }
        let predictable =
            crate::rules::regions::arn_is_predictable(from).is_ok() || from.kind == Kind::S3Bucket;
        if from.kind == Kind::IamRole && path.starts_with("assumed_by") && predictable {
            cx.report
                .warning(&BK207, &from.id, path, format!("role `{}` trusts itself; IAM rejects a trust policy whose principal does not exist yet", from.display()))
                .help("trust `self` (the account) and scope with a condition, or add the statement after the role exists");
        } else if !predictable {
            cx.report
                .error(&BK207, &from.id, path, format!("`{}` references itself, and its ARN is only known once it exists: a circular dependency", from.id))
                .help(if from.kind == Kind::KmsKey {
                    "in a key policy, `*` means this key"
                } else {
                    "give the resource a `name` (its ARN is then written from it), or drop the reference"
                });
        }
    }
}

fn reference_cycles(cx: &mut Cx) {
    let stack = cx.stack;
    let graph = stack.dependency_graph(&cx.references());
    let mut reported: Vec<Vec<String>> = Vec::new();
    crate::model::depth_first(
        &graph,
        |path, j| {
            // The cycle from `j` back to it, starting at its least id so that it is found once.
            let start = path.iter().position(|&p| p == j).unwrap_or(0);
            let mut cycle: Vec<String> = path[start..]
                .iter()
                .map(|&p| stack.resources[p].id.clone())
                .collect();
            let min = cycle
                .iter()
                .enumerate()
                .min_by_key(|(_, s)| (*s).clone())
                .map(|(k, _)| k)
                .unwrap_or(0);
            cycle.rotate_left(min);
            if !reported.contains(&cycle) {
                reported.push(cycle);
            }
        },
        |_| {},
    );
    for cycle in reported {
        let mut shown = cycle.clone();
        shown.push(cycle[0].clone());
        cx.report
            .error(
                &BK207,
                &cycle[0],
                "",
                format!("reference cycle: {}", shown.join(" -> ")),
            )
            .help("break the cycle: reference one of these by ARN string instead");
    }
}

/// Invariant: physical names are unique per kind, account and Region (IAM: global, ignoring case).
fn physical_name_unique(cx: &mut Cx, i: usize, unique: &mut Unique) {
    let stack = cx.stack;
    let a = &stack.resources[i];
    let Some(name) = a.name() else { return };
    if matches!(a.kind, Kind::Vault | Kind::AirGappedVault)
        && (name == "Default" || name == "aws/efs/automatic-backup-vault")
    {
        unique
            .report
            .warning(
                &BK002,
                &a.id,
                "name",
                format!("vault `{name}` already exists in most accounts (AWS creates it)"),
            )
            .help("choose another name, or reference the existing vault by ARN");
    }
    // (kind class, name as compared, Region): IAM role names are global and compared ignoring
    // case; the rest are per Region, vaults of both kinds sharing one namespace.
    let key = |at: usize| {
        let res = &stack.resources[at];
        let name = res.name()?;
        Some(match res.kind {
            Kind::IamRole => (Kind::IamRole, name, true, ""),
            kind => {
                let region = cx.stack_region_of(res)?;
                let class = if kind == Kind::AirGappedVault {
                    Kind::Vault
                } else {
                    kind
                };
                (class, name, false, region)
            }
        })
    };
    let Some((class, name, any_case, region)) = key(i) else {
        return;
    };
    let digest = {
        use std::hash::Hasher;
        let mut h = crate::hash::Fnv::default();
        h.write_u8(class as u8);
        for b in name.bytes() {
            h.write_u8(if any_case { b.to_ascii_lowercase() } else { b });
        }
        h.write_u8(0);
        h.write(region.as_bytes());
        h.finish()
    };
    let same = |earlier: usize| {
        key(earlier).is_some_and(|(c, n, _, r)| {
            c == class
                && r == region
                && if any_case {
                    n.eq_ignore_ascii_case(name)
                } else {
                    n == name
                }
        })
    };
    let Some(first) = unique.seen.earlier(digest, i, same) else {
        return;
    };
    let b = &stack.resources[first];
    let code = if matches!(a.kind, Kind::Vault | Kind::AirGappedVault) {
        &BK002
    } else {
        &BK209
    };
    unique
        .report
        .error(
            code,
            &a.id,
            "name",
            format!(
                "{} name `{name}` is already used by `{}`",
                a.kind.noun(),
                b.id
            ),
        )
        .note(&b.id, "name", "first used here")
        .help("give each resource its own name (include the environment or Region)");
}

#[cfg(test)]
mod tests {
    use super::contains_delimited;
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    #[test]
    fn bk201_unknown_field_with_suggestion() {
        let s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", "v1".into()), ("kms_kye", "x".into())],
        )]);
        let rep = s.check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.code.code == "BK201")
            .unwrap();
        assert_eq!(d.help.as_deref(), Some("did you mean `kms_key`?"));
    }

    #[test]
    fn bk202_missing_required() {
        let s = stack(vec![res(Kind::Vault, "v", vec![])]);
        assert!(codes(&s).contains(&"BK202"));
    }

    #[test]
    fn bk203_wrong_type_and_enum() {
        let s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![
                ("name", Value::Int(3)),
                ("deletion_policy", "Retian".into()),
            ],
        )]);
        let rep = s.check();
        assert_eq!(rep.codes().iter().filter(|c| **c == "BK203").count(), 2);
        assert!(rep
            .diagnostics
            .iter()
            .any(|d| d.help.as_deref() == Some("did you mean `Retain`?")));
    }

    #[test]
    fn bk204_unknown_identifier() {
        let s = stack(vec![
            key("backup_key"),
            res(
                Kind::Vault,
                "v",
                vec![("name", "vv".into()), ("kms_key", r("backup_kye"))],
            ),
        ]);
        let rep = s.check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.code.code == "BK204")
            .unwrap();
        assert_eq!(d.help.as_deref(), Some("did you mean `backup_key`?"));
    }

    #[test]
    fn bk215_reference_to_a_resource_whose_condition_does_not_hold() {
        let mut s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", "vv".into()), ("kms_key", r("prod_key"))],
        )]);
        s.exclude("prod_key", r#"env == "prod""#);
        let rep = s.check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.resource == "v" && d.path == "kms_key")
            .unwrap();
        assert_eq!(d.code.code, "BK215", "not an undeclared name: {d:?}");
        assert_eq!(
            d.message,
            r#"`prod_key` is declared only when `env == "prod"`, which does not hold here"#
        );
        assert!(d.help.as_deref().unwrap().contains(r#"if env == "prod""#));
        // Declared unconditionally as well (the other branch): the reference holds.
        s.resources.insert(0, key("prod_key"));
        assert!(!codes(&s).contains(&"BK215"));
        assert!(!codes(&s).contains(&"BK204"));
    }

    fn with_parameter(value: &str, one_of: &[&str]) -> crate::Stack {
        let mut s = stack(vec![res(
            Kind::Framework,
            "audit",
            vec![
                ("name", format!("backup-audit-{value}").into()),
                (
                    "controls",
                    list(vec![obj(
                        "Control",
                        vec![("name", "BACKUP_RECOVERY_POINT_ENCRYPTED".into())],
                    )]),
                ),
            ],
        )]);
        s.parameters.push(crate::model::Parameter {
            name: "env".into(),
            value: value.into(),
            default: Some("dev".into()),
            one_of: one_of.iter().map(|v| v.to_string()).collect(),
        });
        s
    }

    #[test]
    fn stack_tags_and_outputs_are_checked() {
        let mut s = stack(vec![key("k")]);
        s.tags.push(("aws:team".into(), "platform".into()));
        s.outputs = vec!["k".into(), "kk".into()];
        let rep = s.check();
        let at = |code: &str| {
            rep.diagnostics
                .iter()
                .filter(|d| d.code.code == code)
                .map(|d| d.path.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(at("BK141"), ["tags[0]"]);
        assert_eq!(at("BK204"), ["outputs[1]"]);
        assert!(at("BK140").is_empty(), "a key has an ARN to publish");
        let mut s = stack(vec![res(
            Kind::LambdaPermission,
            "p",
            vec![("principal", "s3.amazonaws.com".into())],
        )]);
        s.outputs = vec!["p".into()];
        assert!(fires(&s, "BK140"), "a permission has no ARN");
    }

    #[test]
    fn bk217_parameter_outside_its_one_of() {
        let s = with_parameter("prdo", &["dev", "prod"]);
        let rep = s.check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.code.code == "BK217")
            .unwrap();
        assert_eq!(
            d.message,
            "parameter `env` is one of `dev`, `prod`; got `prdo`"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `prod`?"));
        assert!(!fires(&with_parameter("prod", &["dev", "prod"]), "BK217"));
        assert!(!fires(&with_parameter("anything", &[]), "BK217"));
    }

    #[test]
    fn a_finding_from_a_parameter_names_it() {
        // `backup-audit-pre-prod` is no framework name (hyphens): the cause is `env`.
        let rep = with_parameter("pre-prod", &[]).check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.code.code == "BK064")
            .unwrap();
        assert!(
            d.related
                .iter()
                .any(|(_, _, n)| n == "the value holds parameter `env` = `pre-prod`"),
            "{d:?}"
        );
        // A parameter left at its default is not why anything differs from the other instances.
        let mut at_default = with_parameter("pre-prod", &[]);
        at_default.parameters[0].default = Some("pre-prod".into());
        let rep = at_default.check();
        assert!(
            rep.diagnostics.iter().all(|d| d.related.is_empty()),
            "{rep}"
        );
        assert!(contains_delimited("name `a-dev`", "dev"));
        assert!(!contains_delimited("a device", "dev"));
        assert!(!contains_delimited("devs", "dev"));
    }

    #[test]
    fn bk140_wrong_kind() {
        let s = stack(vec![
            key("k"),
            vault("v", "vv"),
            plan(
                "p",
                vec![obj("Rule", vec![("name", "r".into()), ("vault", r("k"))])],
            ),
        ]);
        assert!(codes(&s).contains(&"BK140"));
    }

    #[test]
    fn bk206_duplicate_ids() {
        let s = stack(vec![key("role_1"), key("role1")]);
        assert!(codes(&s).contains(&"BK206"));
    }

    #[test]
    fn bk207_cycle() {
        let s = stack(vec![
            res(
                Kind::SnsTopic,
                "t",
                vec![("name", "t".into()), ("kms_key", r("t2"))],
            ),
            res(
                Kind::SnsTopic,
                "t2",
                vec![("name", "t2".into()), ("kms_key", r("t"))],
            ),
        ]);
        assert!(codes(&s).contains(&"BK207"));
    }

    #[test]
    fn bk208_regions() {
        let s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", "vv".into()), ("region", "us-west".into())],
        )]);
        assert!(s.check().errors().any(|d| d.code.code == "BK208"));
        let s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", "vv".into()), ("region", "us-wset-2".into())],
        )]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK208"
            && d.help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `us-west-2`?")));
        let s = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", "vv".into()), ("region", "zz-newland-1".into())],
        )]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK208"));
    }

    #[test]
    fn bk002_bk209_duplicate_names() {
        let s = stack(vec![vault("a", "same"), vault("b", "same")]);
        assert!(codes(&s).contains(&"BK002"));
        let s = stack(vec![
            vault("a", "same"),
            res(
                Kind::Vault,
                "b",
                vec![("name", "same".into()), ("region", "us-west-2".into())],
            ),
        ]);
        assert!(!codes(&s).contains(&"BK002"));
        let s = stack(vec![
            backup_role("a").with("name", "R"),
            backup_role("b").with("name", "r"),
        ]);
        assert!(codes(&s).contains(&"BK209"));
    }

    #[test]
    fn bk141_tags() {
        let s = stack(vec![
            vault("a", "aa").with("tags", map(&[("aws:owner", "x")]))
        ]);
        assert!(codes(&s).contains(&"BK141"));
    }

    #[test]
    fn bk210_struct_name() {
        let s = stack(vec![vault("a", "aa").with(
            "lock",
            obj(
                "Lok",
                vec![
                    ("mode", "governance".into()),
                    ("min_retention_days", Value::Int(1)),
                ],
            ),
        )]);
        assert!(codes(&s).contains(&"BK210"));
    }

    #[test]
    fn bk210_type_names_that_name_the_struct() {
        use super::type_name_matches;
        // The whole path or its last segments (whitespace is taken out before).
        assert!(type_name_matches("backup::Lock", "backup::Lock"));
        assert!(type_name_matches("Lock", "backup::Lock"));
        assert!(type_name_matches("Lock", "Lock"));
        // A suffix that is not a whole segment, another name, or nothing.
        assert!(!type_name_matches("ock", "backup::Lock"));
        assert!(!type_name_matches("Lok", "backup::Lock"));
        assert!(!type_name_matches("", "backup::Lock"));
        assert!(!type_name_matches("other::Lock", "backup::Lock"));
        // The finding is on the struct, with its field path.
        let s =
            stack(vec![vault("a", "aa").with(
                "lock",
                obj("Lok", vec![("mode", "governance".into())]),
            )]);
        let report = crate::rules::check_all(&s);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code.code == "BK210" && d.path == "lock"));
        // The message shows the name as written, whitespace aside.
        let s = stack(vec![vault("a", "aa").with(
            "lock",
            obj("backup :: Lok", vec![("mode", "governance".into())]),
        )]);
        let report = crate::rules::check_all(&s);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code.code == "BK210" && d.message.contains("found `backup::Lok`")),
            "{report}"
        );
        // A right name written with spaces is the right name.
        let mut spaced = vault("a", "aa");
        spaced.body.type_name = Some("backup :: Vault".into());
        assert!(!codes(&stack(vec![spaced])).contains(&"BK210"));
    }

    #[test]
    fn bk207_self_references() {
        // A key policy naming its own key: its ARN is only known once it exists.
        let grant = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec!["self".into()])),
                ("actions", list(vec!["kms:Decrypt".into()])),
                ("resources", list(vec![r("k")])),
            ],
        );
        let s = stack(vec![key("k").with("policy", list(vec![grant.clone()]))]);
        assert!(s.check().errors().any(|d| d.code.code == "BK207"));
        // A vault policy naming its own vault is fine: the ARN comes from the name.
        let v = vault("v", "vv").with("access_policy", list(vec![grant]));
        let v = v.with(
            "access_policy",
            list(vec![obj(
                "Statement",
                vec![
                    ("effect", "Allow".into()),
                    ("principals", list(vec!["self".into()])),
                    ("actions", list(vec!["backup:DescribeBackupVault".into()])),
                    ("resources", list(vec![r("v")])),
                ],
            )]),
        );
        assert!(!stack(vec![v]).check().has("BK207"));
        // A role trusting itself: IAM checks principals exist; a warning for a named role.
        let named = backup_role("role").with("assumed_by", list(vec![r("role")]));
        let rep = stack(vec![named]).check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK207") && !rep.has("BK140"),
            "{rep}"
        );
        let unnamed = res(
            Kind::IamRole,
            "anon",
            vec![("assumed_by", list(vec![r("anon")]))],
        );
        assert!(stack(vec![unnamed])
            .check()
            .errors()
            .any(|d| d.code.code == "BK207"));
    }

    #[test]
    fn duplicate_map_keys() {
        let tags = Value::Map(vec![
            ("team".into(), "a".into()),
            ("team".into(), "b".into()),
        ]);
        let s = stack(vec![vault("v", "vv").with("tags", tags)]);
        assert!(s.check().errors().any(|d| d.code.code == "BK141"));
        let unique = Value::Map(vec![
            ("team".into(), "a".into()),
            ("owner".into(), "b".into()),
        ]);
        assert!(!stack(vec![vault("v", "vv").with("tags", unique)])
            .check()
            .has("BK141"));
    }

    #[test]
    fn bk206_messages_tell_a_duplicate_from_a_collision() {
        let twice = stack(vec![vault("v", "a-vault"), vault("v", "b-vault")]);
        let rep = twice.check();
        let d = rep.errors().find(|d| d.code.code == "BK206").unwrap();
        assert!(d.message.contains("declared twice"), "{d}");
        let collide = stack(vec![vault("role_1", "a-vault"), vault("role1", "b-vault")]);
        let rep = collide.check();
        let d = rep.errors().find(|d| d.code.code == "BK206").unwrap();
        assert!(d.message.contains("logical id `Role1`"), "{d}");
    }

    #[test]
    fn bk208_the_stack_region_is_checked() {
        let mut s = stack(vec![]);
        s.region = "moon-base-1".into();
        assert!(s.check().warnings().any(|d| d.code.code == "BK208"));
        s.region = "nowhere".into();
        assert!(s.check().errors().any(|d| d.code.code == "BK208"));
        s.region = Value::Unknown;
        assert!(!fires(&s, "BK208"));
    }

    #[test]
    fn maps_empty_lists_and_value_types() {
        // `[]` is an empty map where a map is expected, and a list nowhere else.
        assert_clean(&stack(vec![vault("v", "vv").with("tags", list(vec![]))]));
        assert!(fires(
            &stack(vec![vault("v", "vv").with("tags", list(vec!["a".into()]))]),
            "BK203"
        ));
        // Tag values may be integers; other values are type errors.
        assert_clean(&stack(vec![
            vault("v", "vv").with("tags", Value::Map(vec![("n".into(), Value::Int(3))]))
        ]));
        assert!(fires(
            &stack(vec![vault("v", "vv").with(
                "tags",
                Value::Map(vec![("n".into(), Value::Bool(true))])
            )]),
            "BK203"
        ));
        assert!(fires(
            &stack(vec![vault("v", "vv").with(
                "tags",
                Value::Map(vec![("n".into(), Value::from("v".repeat(257)))])
            )]),
            "BK141"
        ));
        // Duplicate keys matter only where AWS wants them unique: a restore testing condition
        // may repeat a key.
        let repeated = Value::Map(vec![("k".into(), "a".into()), ("k".into(), "b".into())]);
        let rts = res(
            Kind::RestoreTestingSelection,
            "s",
            vec![(
                "conditions",
                obj(
                    "RestoreConditions",
                    vec![("string_equals", repeated.clone())],
                ),
            )],
        );
        assert!(!stack(vec![rts])
            .check()
            .errors()
            .any(|d| d.code.code == "BK203"));
        let env = res(Kind::LambdaFunction, "f", vec![("environment", repeated)]);
        assert!(stack(vec![env])
            .check()
            .errors()
            .any(|d| d.code.code == "BK203"));
    }

    #[test]
    fn selection_tags_are_conditions_other_tags_are_tags() {
        let sel = |key: &str| {
            res(
                Kind::Selection,
                "s",
                vec![("tags", Value::Map(vec![(key.into(), "v".into())]))],
            )
        };
        assert!(!fires(&stack(vec![sel("aws:ResourceTag/backup")]), "BK141"));
        assert!(fires(&stack(vec![sel("aws:PrincipalTag/backup")]), "BK141"));
        let vault_tag = vault("v", "vv").with(
            "tags",
            Value::Map(vec![("aws:ResourceTag/backup".into(), "v".into())]),
        );
        assert!(fires(&stack(vec![vault_tag]), "BK141"));
        // Only a selection's own `tags` field is conditions.
        let plan_tags = plan("p", vec![]).with(
            "tags",
            Value::Map(vec![("aws:ResourceTag/x".into(), "v".into())]),
        );
        assert!(fires(&stack(vec![plan_tags]), "BK141"));
    }

    #[test]
    fn either_types_follow_the_value_shape() {
        let arn_of = |suffix: Value| obj("ArnOf", vec![("resource", r("b")), ("suffix", suffix)]);
        let with = |resource: Value| {
            stack(vec![
                res(Kind::S3Bucket, "b", vec![("name", "bucket-1".into())]),
                backup_role("role").with(
                    "policies",
                    list(vec![obj(
                        "Policy",
                        vec![
                            ("name", "p".into()),
                            (
                                "statements",
                                list(vec![obj(
                                    "Statement",
                                    vec![
                                        ("effect", "Allow".into()),
                                        ("actions", list(vec!["s3:GetObject".into()])),
                                        ("resources", list(vec![resource])),
                                    ],
                                )]),
                            ),
                        ],
                    )]),
                ),
            ])
        };
        assert!(!fires(&with(arn_of("/*".into())), "BK203"));
        assert!(fires(&with(arn_of(Value::Int(1))), "BK203"));
        assert!(fires(&with(Value::Int(1)), "BK203"));
        // RefMap values: strings, numbers, references and unknowns; nothing else.
        let env = |v: Value| {
            stack(vec![res(
                Kind::LambdaFunction,
                "f",
                vec![("environment", Value::Map(vec![("K".into(), v)]))],
            )])
        };
        for ok in [Value::from("x"), Value::Int(1), Value::Unknown, r("f")] {
            assert!(
                !env(ok.clone())
                    .check()
                    .errors()
                    .any(|d| d.code.code == "BK203"),
                "{ok:?}"
            );
        }
        assert!(env(Value::Bool(true))
            .check()
            .errors()
            .any(|d| d.code.code == "BK203"));
    }

    #[test]
    fn bk207_help_and_kinds() {
        let grant = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec!["self".into()])),
                ("actions", list(vec!["kms:Decrypt".into()])),
                ("resources", list(vec![r("k")])),
            ],
        );
        let rep = stack(vec![key("k").with("policy", list(vec![grant]))]).check();
        let d = rep.errors().find(|d| d.code.code == "BK207").unwrap();
        assert_eq!(
            d.help.as_deref(),
            Some("in a key policy, `*` means this key")
        );
        // An unnamed topic naming itself in its own policy.
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![(
                "policy",
                list(vec![obj(
                    "Statement",
                    vec![
                        ("effect", "Allow".into()),
                        ("principals", list(vec!["self".into()])),
                        ("actions", list(vec!["sns:Publish".into()])),
                        ("resources", list(vec![r("t")])),
                    ],
                )]),
            )],
        );
        let rep = stack(vec![topic]).check();
        let d = rep.errors().find(|d| d.code.code == "BK207").unwrap();
        assert!(d.help.as_deref().unwrap().contains("`name`"));
    }

    #[test]
    fn bk207_cycles_name_their_members() {
        // t1 -> t2 -> t3 -> t1 (topics encrypted by each other is nonsense, but a cycle).
        let t = |id: &str, to: &str| {
            res(
                Kind::SnsTopic,
                id,
                vec![("name", id.into()), ("kms_key", r(to))],
            )
        };
        let rep = stack(vec![t("t1", "t2"), t("t2", "t3"), t("t3", "t1")]).check();
        let cycles: Vec<_> = rep.errors().filter(|d| d.code.code == "BK207").collect();
        assert_eq!(cycles.len(), 1, "{rep}");
        assert!(
            cycles[0].message.contains("t1 -> t2 -> t3 -> t1"),
            "{}",
            cycles[0]
        );
        // A chain is no cycle.
        let rep = stack(vec![t("t1", "t2"), t("t2", "t3"), key("t3")]).check();
        assert!(!rep.has("BK207"));
    }

    #[test]
    fn bk002_bk209_names_per_kind_and_region() {
        assert!(fires(
            &stack(vec![vault("a", "same"), vault("b", "same")]),
            "BK002"
        ));
        let lag = air_gapped("b", "same", 7, 7);
        assert!(fires(&stack(vec![vault("a", "same"), lag]), "BK002"));
        assert!(!fires(
            &stack(vec![
                vault("a", "same"),
                vault("b", "same").with("region", "us-west-2")
            ]),
            "BK002"
        ));
        // Different kinds may share a name.
        let topic = res(Kind::SnsTopic, "t", vec![("name", "same".into())]);
        assert!(!fires(&stack(vec![vault("a", "same"), topic]), "BK209"));
        // IAM names are global and compared ignoring case.
        let role = |id: &str, name: &str| backup_role(id).with("name", name);
        assert!(fires(
            &stack(vec![role("a", "Backup"), role("b", "backup")]),
            "BK209"
        ));
        // Reserved vault names only warn.
        for reserved in ["Default", "aws/efs/automatic-backup-vault"] {
            let rep = stack(vec![vault("v", reserved)]).check();
            assert!(rep.warnings().any(|d| d.code.code == "BK002"), "{reserved}");
        }
        assert!(!stack(vec![vault("v", "default-ish")]).check().has("BK002"));
    }

    #[test]
    fn bk207_not_for_references_of_the_wrong_kind() {
        let sel = res(
            Kind::Selection,
            "s",
            vec![
                ("name", "s".into()),
                ("plan", r("s")),
                ("role", "arn:aws:iam::111122223333:role/r".into()),
                ("tags", map(&[("a", "b")])),
            ],
        );
        let rep = stack(vec![sel]).check();
        assert!(rep.has("BK140") && !rep.has("BK207"), "{rep}");
    }
}
