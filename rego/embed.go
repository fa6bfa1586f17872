// Package rego holds xacct-lint's built-in Rego rules and the library they
// share, embedded in the binary.
//
// FS has two folders:
//
//   - lib: the shared library — xacct.lib.util (unknown values, IAM-style
//     wildcard matching with certain/possible answers, ARN pieces),
//     xacct.lib.iam (policy evaluation: decision(statements, request) with
//     action/resource/principal matching, root delegation, Deny over Allow
//     and a conservative reading of Conditions) and xacct.lib.facts (indexes
//     over the rule input and pipeline helpers).
//   - rules: one rule per file, rules/xa101.rego with package
//     xacct.rules.xa101, a package METADATA block (title, description,
//     related_resources, custom.id, custom.severity, custom.remediation) and
//     a `deny` set of findings {"message", "loc", "related", "severity"}.
//
// Files ending in _test.rego are Rego unit tests and test fixtures; the
// engine skips them.
package rego

import "embed"

// FS holds the lib and rules folders.
//
//go:embed lib rules
var FS embed.FS
