//! Layer 5, consumers of a checked stack.
//!
//! The stack as a picture: resources grouped by Region (IAM, which is global, on its own), an
//! arrow per reference, with copy actions, what a selection protects and what a plan writes to
//! drawn apart from plain references. Graphviz `dot` or Mermaid, deterministic like the other
//! outputs (declaration order, no clock, no host).

use crate::build::CheckedStack;
use crate::model::{logical_id, Resource};
use crate::schema::Kind;

/// What an arrow means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// A rule's copy action to another vault.
    Copy,
    /// A rule writing its backups to a vault.
    BacksUpTo,
    /// A selection (or restore testing selection) choosing a resource to protect or test.
    Protects,
    /// A selection or restore testing selection of a plan.
    OfPlan,
    /// Any other reference (a key, a role, a topic).
    Uses,
}

impl Edge {
    fn label(self) -> &'static str {
        match self {
            Edge::Copy => "copy",
            Edge::BacksUpTo => "backs up to",
            Edge::Protects => "protects",
            Edge::OfPlan => "of plan",
            Edge::Uses => "",
        }
    }
}

/// Every arrow of the stack: (from, to, meaning), in declaration order, one per pair and meaning.
pub fn edges(stack: &CheckedStack) -> Vec<(&Resource, &Resource, Edge)> {
    let mut out: Vec<(&Resource, &Resource, Edge)> = Vec::new();
    for (from, path, to) in stack.references() {
        // A resource naming itself (a bucket policy on its own objects) is no arrow.
        let Some(target) = stack.get(to).filter(|t| t.id != from.id) else {
            continue;
        };
        let field = path.rsplit('.').next().unwrap_or(&path);
        let kind = match from.kind {
            Kind::Plan if path.contains(".copy[") => Edge::Copy,
            Kind::Plan if field == "vault" || field == "air_gapped_vault" => Edge::BacksUpTo,
            Kind::Selection | Kind::RestoreTestingSelection if path == "plan" => Edge::OfPlan,
            Kind::Selection | Kind::RestoreTestingSelection if path.starts_with("resources") => {
                Edge::Protects
            }
            _ => Edge::Uses,
        };
        if !out
            .iter()
            .any(|(f, t, k)| f.id == from.id && t.id == target.id && *k == kind)
        {
            out.push((from, target, kind));
        }
    }
    out
}

/// The resources of each Region in order of first appearance (`global` for IAM).
fn regions(stack: &CheckedStack) -> Vec<(String, Vec<&Resource>)> {
    let mut out: Vec<(String, Vec<&Resource>)> = Vec::new();
    for r in &stack.resources {
        let region = if r.kind == Kind::IamRole {
            "global".to_string()
        } else {
            super::region_of(stack, r).to_string()
        };
        match out.iter_mut().find(|(g, _)| *g == region) {
            Some((_, members)) => members.push(r),
            None => out.push((region, vec![r])),
        }
    }
    out
}

fn holds_data(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Vault | Kind::AirGappedVault | Kind::S3Bucket | Kind::DynamoTable
    )
}

fn escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", escaped(text))
}

/// Graphviz `dot`: a cluster per Region, data stores as cylinders, copy actions bold, what a
/// selection protects dashed.
pub fn dot(stack: &CheckedStack) -> String {
    let mut out = format!(
        "digraph {} {{\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
        quoted(&stack.name)
    );
    for (i, (region, members)) in regions(stack).iter().enumerate() {
        out.push_str(&format!(
            "  subgraph cluster_{i} {{\n    label={};\n    style=rounded;\n",
            quoted(region)
        ));
        for r in members {
            let shape = if holds_data(r.kind) {
                ", shape=cylinder"
            } else {
                ""
            };
            out.push_str(&format!(
                "    {} [label=\"{}\\n{}\"{shape}];\n",
                logical_id(&r.id),
                escaped(&r.id),
                escaped(r.kind.dsl_path())
            ));
        }
        out.push_str("  }\n");
    }
    for (from, to, kind) in edges(stack) {
        let style = match kind {
            Edge::Copy => "style=bold, color=\"#1f6feb\"",
            Edge::BacksUpTo => "color=\"#1f6feb\"",
            Edge::Protects => "style=dashed, color=\"#1a7f37\"",
            Edge::OfPlan => "style=dotted",
            Edge::Uses => "color=\"#8c959f\"",
        };
        let label = match kind.label() {
            "" => String::new(),
            l => format!(", label={}", quoted(l)),
        };
        out.push_str(&format!(
            "  {} -> {} [{style}{label}];\n",
            logical_id(&from.id),
            logical_id(&to.id)
        ));
    }
    out.push_str("}\n");
    out
}

/// Mermaid `flowchart`: a subgraph per Region, copy actions thick, what a selection protects
/// dotted.
pub fn mermaid(stack: &CheckedStack) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, (region, members)) in regions(stack).iter().enumerate() {
        out.push_str(&format!("  subgraph region_{i} [\"{region}\"]\n"));
        for r in members {
            let label = format!("{}<br/>{}", r.id, r.kind.dsl_path());
            let node = if holds_data(r.kind) {
                format!("[(\"{label}\")]")
            } else {
                format!("[\"{label}\"]")
            };
            out.push_str(&format!("    {}{node}\n", logical_id(&r.id)));
        }
        out.push_str("  end\n");
    }
    for (from, to, kind) in edges(stack) {
        let arrow = match kind {
            Edge::Copy => "==>",
            Edge::Protects | Edge::OfPlan => "-.->",
            Edge::BacksUpTo | Edge::Uses => "-->",
        };
        let label = match kind.label() {
            "" => String::new(),
            l => format!("|{l}|"),
        };
        out.push_str(&format!(
            "  {} {arrow}{label} {}\n",
            logical_id(&from.id),
            logical_id(&to.id)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn checked() -> CheckedStack {
        two_region_stack().build().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn arrows_say_what_they_are() {
        let c = checked();
        let kinds: Vec<(&str, &str, Edge)> = edges(&c)
            .iter()
            .map(|(f, t, k)| (f.id.as_str(), t.id.as_str(), *k))
            .collect();
        for want in [
            ("v", "k", Edge::Uses),
            ("p", "v", Edge::BacksUpTo),
            ("p", "west", Edge::Copy),
            ("sel", "p", Edge::OfPlan),
            ("sel", "catalog", Edge::Protects),
            ("sel", "role", Edge::Uses),
        ] {
            assert!(kinds.contains(&want), "{want:?} in {kinds:?}");
        }
    }

    #[test]
    fn dot_and_mermaid_group_by_region() {
        let c = checked();
        let d = dot(&c);
        assert!(d.starts_with("digraph \"test\" {"));
        assert!(d.contains("label=\"us-west-2\""));
        assert!(d.contains("label=\"global\""), "IAM is global: {d}");
        assert!(d.contains("West [label=\"west\\nbackup::Vault\", shape=cylinder];"));
        assert!(d.contains("P -> West [style=bold, color=\"#1f6feb\", label=\"copy\"];"));
        assert_eq!(d, dot(&checked()), "deterministic");
        let m = mermaid(&c);
        assert!(m.starts_with("flowchart LR\n"));
        assert!(m.contains("  P ==>|copy| West\n"));
        assert!(m.contains("  Sel -.->|protects| Catalog\n"));
        assert!(m.contains("Catalog[(\"catalog<br/>dynamodb::Table\")]"));
    }
}
