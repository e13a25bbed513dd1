//! Layer 5, test support (feature `fuzz`).
//!
//! Hostile stacks for the fuzz targets.
//!
//! [`stack_from_seed`] builds a random model from the schema: every kind, fields of the right and
//! the wrong type, unknown fields, references to declared, undeclared and self ids, numbers at
//! and past their bounds (`i64::MIN`, `i64::MAX`), empty, huge and non-ASCII strings, `${`, and
//! nesting. [`to_dsl`] writes a model as the body of a `stack!` invocation, which the macro's
//! fuzz target mutates token by token. The same seed always gives the same stack, so a failure
//! is reproduced from its seed alone.

use crate::model::{Resource, Stack};
use crate::schema::{FieldDef, Kind, StructDef, Ty};
use crate::value::{Name, Object, Value};

/// A small deterministic generator (SplitMix64): enough for test input, no dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Integers at and past the bounds the rules check, and the extremes of `i64`.
const INTS: &[i64] = &[
    0,
    1,
    -1,
    3,
    7,
    30,
    35,
    60,
    90,
    168,
    365,
    2555,
    36500,
    36501,
    52_560_000,
    i64::MAX,
    i64::MIN,
    i64::MAX - 89,
];

/// Strings that are valid somewhere, invalid elsewhere, or simply hostile.
const STRS: &[&str] = &[
    "",
    "a",
    "backup",
    "primary-dev",
    "Backup_Reports",
    "my-.bucket",
    "ünïcödé-名前",
    "${aws:username}",
    "%{if}",
    "cron(0 2 * * ? *)",
    "cron(0 5 ? * MON-FRI *)",
    "rate(1 day)",
    "us-east-1",
    "eusc-de-east-1",
    "xx-nowhere-9",
    "arn:aws:s3:::bucket/*",
    "arn:aws:ec2:*:*:volume/*",
    "arn:aws:iam::123456789012:root",
    "arn:aws:kms:us-east-1:111122223333:key/1234",
    "*",
    "self",
    "backup.amazonaws.com",
    "aws:ResourceTag/backup",
    "Europe/Berlin",
    "python3.13",
    "nodejs99.x",
    "GOVERNANCE",
    "compliance",
];

/// A random stack of up to `max_resources` resources, reproducible from `seed`.
pub fn stack_from_seed(seed: u64, max_resources: usize) -> Stack {
    let mut rng = Rng::new(seed);
    let region = if rng.chance(90) {
        Value::from(*rng.pick(&["us-east-1", "eu-west-1", "us-west-2"]))
    } else {
        Value::from(*rng.pick(STRS))
    };
    let mut stack = Stack::new(format!("fuzz_{seed}"), region);
    let count = 1 + rng.below(max_resources.max(1));
    let ids: Vec<String> = (0..count).map(|i| format!("r{i}")).collect();
    for id in &ids {
        let kind = *rng.pick(&Kind::ALL);
        let mut res = Resource::new(kind, id.clone());
        res.body = object(&mut rng, kind.schema(), &ids, 0);
        stack.add(res);
    }
    stack
}

fn object(rng: &mut Rng, def: &'static StructDef, ids: &[String], depth: usize) -> Object {
    let mut o = Object::new(def.name);
    for f in def.fields {
        // Required fields usually, optional ones sometimes: most stacks get far enough to reach
        // the cross-resource rules.
        let p = if f.required { 90 } else { 35 };
        if rng.chance(p) {
            o.fields
                .push((Name::from_static(f.name), value(rng, f, ids, depth)));
        }
    }
    if rng.chance(5) {
        o.fields.push(("no_such_field".into(), Value::Int(1)));
    }
    if rng.chance(3) && !o.fields.is_empty() {
        let dup = o.fields[rng.below(o.fields.len())].clone();
        o.fields.push(dup);
    }
    o
}

fn value(rng: &mut Rng, f: &FieldDef, ids: &[String], depth: usize) -> Value {
    if rng.chance(4) {
        return wrong_type(rng, ids);
    }
    of_type(rng, &f.ty, ids, depth)
}

fn wrong_type(rng: &mut Rng, ids: &[String]) -> Value {
    match rng.below(5) {
        0 => Value::Int(*rng.pick(INTS)),
        1 => Value::from(*rng.pick(STRS)),
        2 => Value::Bool(rng.chance(50)),
        3 => Value::List(vec![]),
        _ => Value::Ref(rng.pick(ids).clone()),
    }
}

fn of_type(rng: &mut Rng, ty: &Ty, ids: &[String], depth: usize) -> Value {
    match ty {
        Ty::Str => Value::from(*rng.pick(STRS)),
        Ty::Int => Value::Int(*rng.pick(INTS)),
        Ty::Bool => Value::Bool(rng.chance(50)),
        Ty::Enum(values) | Ty::OpenEnum(values, _) => {
            if rng.chance(85) {
                Value::from(*rng.pick(values))
            } else {
                Value::from(*rng.pick(STRS))
            }
        }
        Ty::Ref(_) => {
            if rng.chance(80) {
                Value::Ref(rng.pick(ids).clone())
            } else if rng.chance(50) {
                Value::Ref("undeclared".into())
            } else {
                Value::from(*rng.pick(STRS))
            }
        }
        Ty::List(inner) => {
            let n = if depth > 3 { 0 } else { rng.below(4) };
            Value::List(
                (0..n)
                    .map(|_| of_type(rng, inner, ids, depth + 1))
                    .collect(),
            )
        }
        Ty::Map | Ty::RefMap => {
            let n = rng.below(4);
            Value::Map(
                (0..n)
                    .map(|_| {
                        let v = if matches!(ty, Ty::RefMap) && rng.chance(30) {
                            Value::Ref(rng.pick(ids).clone())
                        } else {
                            Value::from(*rng.pick(STRS))
                        };
                        (rng.pick(STRS).to_string(), v)
                    })
                    .collect(),
            )
        }
        Ty::Struct(def) => {
            if depth > 4 {
                Value::Object(Object::new(def.name))
            } else {
                Value::Object(object(rng, def, ids, depth + 1))
            }
        }
        Ty::Either(a, b) => {
            let side = if rng.chance(50) { a } else { b };
            of_type(rng, side, ids, depth)
        }
    }
}

/// The stack as the body of a `stack!` invocation: one component named after the stack, with
/// its Region as `#[region(..)]`.
pub fn to_dsl(stack: &Stack) -> String {
    let region = match &stack.region {
        Value::Str(s) => format!("#[region({})]", quote(s)),
        _ => String::new(),
    };
    let mut out = format!("{region}\npub fn {}() {{\n", stack.name);
    for r in &stack.resources {
        out.push_str(&format!(
            "    let {} = {} {};\n",
            r.id,
            r.kind.dsl_path(),
            fields(&r.body)
        ));
    }
    out.push_str("}\n");
    out
}

fn fields(o: &Object) -> String {
    let inner: Vec<String> = o
        .fields
        .iter()
        .map(|(k, v)| format!("{k}: {}", dsl_value(v)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

fn dsl_value(v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(dsl_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(pairs) => format!(
            "[{}]",
            pairs
                .iter()
                .map(|(k, v)| format!("({}, {})", quote(k), dsl_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(o) => {
            let name = o.type_name.as_deref().unwrap_or("Struct");
            let short = name.rsplit("::").next().unwrap_or(name);
            format!("{short} {}", fields(o))
        }
        Value::Ref(id) => id.clone(),
        Value::Unknown | Value::Partial(_) => "retention_for(\"dev\")".into(),
    }
}

/// A Rust string literal for `s`.
fn quote(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_reproduce_and_differ() {
        assert_eq!(stack_from_seed(7, 8), stack_from_seed(7, 8));
        assert_ne!(stack_from_seed(7, 8), stack_from_seed(8, 8));
    }

    #[test]
    fn generated_stacks_reach_every_kind() {
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            for r in stack_from_seed(seed, 6).resources {
                seen.insert(r.kind);
            }
        }
        assert_eq!(seen.len(), Kind::ALL.len());
    }

    #[test]
    fn dsl_text_names_every_resource() {
        let s = stack_from_seed(3, 5);
        let text = to_dsl(&s);
        for r in &s.resources {
            assert!(text.contains(&format!("let {} = {}", r.id, r.kind.dsl_path())));
        }
    }
}
