//! Once an unbounded recursion in the macro (rustc overflowed its stack): a selection whose
//! `plan` names the selection itself. Now BK140 on the token.
#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let r = iam::Role { name: "restores", assumed_by: ["backup.amazonaws.com"] };
        let s = backup::RestoreTestingSelection { plan: s, role: r, name: "sel", resource_type: "EBS", resources: ["*"] };
        let t = backup::Selection { plan: t, role: r, name: "sel2", tags: [("backup", "true")] };
    }
}

fn main() {}
